"""Storing and removing attachments, inside the caller's transaction (a speech, comment or response)."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction

from ..models import Attachment, AttachmentKind, AttachmentOwner, AttachmentState
from . import voice
from .validation import Prepared, check_totals

log = logging.getLogger(__name__)


def store(prepared: list[Prepared], *, uploader, post, comment=None, owner: str = AttachmentOwner.SPEECH,
          existing=None) -> list[Attachment]:
    """Save checked files under a speech (or its comment, or a response), within the per-item limits.

    `existing` are the attachments the owner has already (for the count and size limits). Voice is
    transcoded by a task once the transaction commits. Callers store files last, after every other
    check, so a refusal leaves no file behind.
    """
    if not prepared:
        return []
    existing = list(existing or [])
    check_totals([a.size for a in existing], prepared)
    created = []
    for position, item in enumerate(prepared, start=len(existing)):
        attachment = Attachment(
            consultation_id=post.consultation_id, post=post, comment=comment, owner=owner, uploader=uploader,
            kind=item.kind, name=item.name, content_type=item.content_type, size=item.size, sha256=item.sha256,
            width=item.width, height=item.height, duration=item.duration, position=position,
            state=AttachmentState.PROCESSING if item.kind == AttachmentKind.VOICE else AttachmentState.READY,
        )
        attachment.file.save(f"upload.{item.extension}", ContentFile(item.content), save=False)
        if item.thumbnail:
            attachment.thumbnail.save("thumbnail.jpg", ContentFile(item.thumbnail), save=False)
        attachment.save()
        if attachment.is_voice:
            transaction.on_commit(lambda pk=attachment.pk: _enqueue_transcode(pk))
        created.append(attachment)
    return created


def _enqueue_transcode(pk: int) -> None:
    from .tasks import transcode_voice  # tasks import this module

    transcode_voice.delay(pk)


def _files_of(attachment: Attachment) -> list:
    return [f for f in (attachment.file, attachment.thumbnail, attachment.playable) if f]


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # a missing file is already gone
            log.warning("could not delete attachment file %s", name)


def remove(attachments) -> None:
    """Delete rows now and their files once the transaction has committed."""
    for attachment in attachments:
        files = _files_of(attachment)
        attachment.delete()
        if files:
            storage, names = files[0].storage, [f.name for f in files]
            transaction.on_commit(lambda s=storage, n=names: _delete_files(s, n))


def transcode(attachment_id: int) -> Attachment | None:
    """Voice → AAC in MP4 beside the kept original, with its measured duration; failed if ffmpeg cannot."""
    attachment = Attachment.objects.filter(pk=attachment_id, kind=AttachmentKind.VOICE).first()
    if attachment is None or attachment.state == AttachmentState.READY:
        return attachment
    try:
        with attachment.file.open("rb") as source:
            content = source.read()
        playable, duration = voice.transcode(content)
    except (voice.VoiceError, OSError):
        log.exception("voice attachment %s could not be transcoded", attachment_id)
        Attachment.objects.filter(pk=attachment_id).update(state=AttachmentState.FAILED)
        attachment.state = AttachmentState.FAILED
        return attachment
    attachment.playable.save("voice.m4a", ContentFile(playable), save=False)
    attachment.duration = duration
    attachment.state = AttachmentState.READY
    attachment.save(update_fields=["playable", "duration", "state"])
    return attachment
