"""Attachments in the minutes: pictures as thumbnails, documents and voice listed with size or duration.

The stream reads each chunk's attachments in one query (`files_by_post`), sorted to the speech, its
comments, replies and follow-ups; each writer renders a list of
`FileEntry` with one function (HTML: `writers.html_parts.files_html`, DOCX: `writers.docx.files_block`).
"""

import base64
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat

from ..models import Attachment, AttachmentKind, AttachmentOwner
from .i18n import t


@dataclass
class FileEntry:
    kind: str
    name: str
    size: int
    duration: float | None
    thumbnail_field: object = None  # the stored thumbnail, read only when a writer draws it

    @property
    def is_picture(self) -> bool:
        return self.kind == AttachmentKind.PICTURE

    @property
    def label(self) -> str:
        """【语音】name · 1:23, or 【附件】report.pdf · 1.2 MB."""
        if self.kind == AttachmentKind.VOICE:
            seconds = round(self.duration or 0)
            return f"【{t('Voice')}】{self.name} · {seconds // 60}:{seconds % 60:02d}"
        return f"【{t('Attachment')}】{self.name} · {filesizeformat(self.size)}"

    def thumbnail(self) -> bytes | None:
        if not self.thumbnail_field:
            return None
        try:
            with self.thumbnail_field.open("rb") as source:
                return source.read()
        except OSError:  # a file lost from storage leaves its name in the list, not a broken document
            return None

    def data_uri(self) -> str:
        content = self.thumbnail()
        return f"data:image/jpeg;base64,{base64.b64encode(content).decode()}" if content else ""


def files_by_post(post_ids: list[int]) -> dict[int, dict[tuple[str, int | None], list[FileEntry]]]:
    """The speeches' files in one query, each speech's sorted by owner: ("speech", None),
    ("comment", pk), ("reply", pk), ("follow_up", pk) → that item's files."""
    owned: dict[int, dict[tuple[str, int | None], list[FileEntry]]] = {}
    attachments = Attachment.objects.filter(post_id__in=post_ids).select_related("response_link").order_by(
        "position", "pk")
    for attachment in attachments:
        if attachment.owner == AttachmentOwner.COMMENT:
            key = ("comment", attachment.comment_id)
        elif attachment.owner == AttachmentOwner.RESPONSE:
            link = getattr(attachment, "response_link", None)
            if link is None:
                continue
            key = ("reply", link.reply_id) if link.reply_id else ("follow_up", link.follow_up_id)
        else:
            key = ("speech", None)
        owned.setdefault(attachment.post_id, {}).setdefault(key, []).append(FileEntry(
            kind=attachment.kind, name=attachment.name, size=attachment.size, duration=attachment.duration,
            thumbnail_field=attachment.thumbnail or None))
    return owned
