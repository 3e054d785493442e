"""Every change to a consultation's content: one transaction each, permission check inside.

Refusals raise PermissionDenied (who may not) or ValidationError (what is wrong), with a message
that can be shown to the person as it is.
"""

import time

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import posting_limits
from accounts.models import Trigger
from accounts.notifications import notify
from accounts.text import clean_input

from . import permissions
from .attachments import services as attachments
from .models import (
    AttachmentOwner,
    Comment,
    CommentLike,
    Consultation,
    Post,
    PostLike,
    Status,
)
from .text import render_markdown

TITLE_MAX = 200
BODY_MAX = 20_000
COMMENT_MAX = 5_000
REASON_MAX = 500


def figures_cache_key(consultation_id: int) -> str:
    return f"meetings:figures:{consultation_id}"


def content_version_key(consultation_id: int) -> str:
    return f"meetings:version:{consultation_id}"


def edition_key(consultation_id: int) -> str:
    """Moves on when the consultation itself (visibility, title, stages, sub-topics) changes or content
    is hidden: what is cached of it, and pages shared before, are not served again."""
    return f"meetings:page-edition:{consultation_id}"


def consultation_changed(consultation_id: int) -> None:
    cache.set(edition_key(consultation_id), time.time_ns(), None)


def _bump(consultation_id: int) -> None:
    key = content_version_key(consultation_id)
    cache.add(key, 1, None)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, None)


def figures_changed(consultation_id: int) -> None:
    """After this commit the content version moves on: shared fragments are made again, figures recounted."""
    transaction.on_commit(lambda: _bump(consultation_id))


def refuse(refusal: str | None) -> None:
    if refusal:
        raise PermissionDenied(refusal)


def clean_text(value: str, *, field: str, limit: int, required_message: str) -> str:
    """What a person wrote: control, bidi and zero-width characters stripped (accounts.text.clean_input),
    trimmed, required and at most `limit` characters."""
    value = clean_input(value or "").strip()
    if not value:
        raise ValidationError({field: required_message})
    if len(value) > limit:
        raise ValidationError({field: _("Keep it under %(limit)d characters.") % {"limit": limit}})
    return value


# --- Consultations (staff) -----------------------------------------------------------------------


def publish_consultation(staff, consultation: Consultation) -> Consultation:
    """A draft goes live only with at least one stage and one sub-topic."""
    with transaction.atomic():
        if not permissions.is_committee_staff(staff):
            raise PermissionDenied(_("Only committee staff publish consultations."))
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.status != Status.DRAFT:
            raise ValidationError(_("Only a draft can be published."))
        if not consultation.stages.exists() or not consultation.subtopics.exists():
            raise ValidationError(
                _("A consultation needs at least one stage and one sub-topic before it is published.")
            )
        consultation.status = Status.PUBLISHED
        consultation.published_at = timezone.now()
        consultation.save(update_fields=["status", "published_at"])
        return consultation


def close_consultation(staff, consultation: Consultation) -> Consultation:
    """A published consultation closes: it stays readable, and nobody writes in it any more."""
    with transaction.atomic():
        if not permissions.is_committee_staff(staff):
            raise PermissionDenied(_("Only committee staff close consultations."))
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.status != Status.PUBLISHED:
            raise ValidationError(_("Only a published consultation can be closed."))
        consultation.status = Status.CLOSED
        consultation.closed_at = timezone.now()
        consultation.save(update_fields=["status", "closed_at"])
        return consultation


def archive_consultation(staff, consultation: Consultation) -> Consultation:
    with transaction.atomic():
        if not permissions.is_committee_staff(staff):
            raise PermissionDenied(_("Only committee staff archive consultations."))
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.status != Status.CLOSED:
            raise ValidationError(_("Only a closed consultation can be archived."))
        consultation.status = Status.ARCHIVED
        consultation.save(update_fields=["status"])
        return consultation


# --- Speeches --------------------------------------------------------------------------------------


def create_post(author, consultation: Consultation, subtopic, title: str, body: str, files=()) -> Post:
    """A member speaks under a sub-topic while a speech stage is open (see permissions.speak_refusal).

    `files` are checked uploads (attachments.validation.prepare), stored with the speech.
    """
    with transaction.atomic():
        refuse(permissions.speak_refusal(author, consultation))
        title = clean_text(title, field="title", limit=TITLE_MAX, required_message=_("Give your speech a title."))
        body = clean_text(body, field="body", limit=BODY_MAX, required_message=_("Write your speech."))
        if subtopic is None or subtopic.consultation_id != consultation.pk:
            raise ValidationError({"subtopic": _("Choose one of this consultation's sub-topics.")})
        posting_limits.consume(author, "speech")
        post = Post(
            consultation=consultation, subtopic=subtopic, author=author, title=title, body=body,
            body_html=render_markdown(body),
        )
        post._history_user = author
        post.save()
        attachments.store(list(files), uploader=author, post=post)
        figures_changed(consultation.pk)
        return post


def edit_post(editor, post: Post, title: str, body: str, subtopic=None, *, files=(), remove=()) -> Post:
    """The author edits their speech; every version is kept (django-simple-history).

    `files` are added to the speech's attachments, the attachments whose ids are in `remove` deleted.
    """
    with transaction.atomic():
        post = Post.objects.select_for_update(of=("self",)).select_related("consultation").get(pk=post.pk)
        refuse(permissions.edit_refusal(editor, post))
        title = clean_text(title, field="title", limit=TITLE_MAX, required_message=_("Give your speech a title."))
        body = clean_text(body, field="body", limit=BODY_MAX, required_message=_("Write your speech."))
        if subtopic is not None and subtopic.consultation_id != post.consultation_id:
            raise ValidationError({"subtopic": _("Choose one of this consultation's sub-topics.")})
        subtopic_id = subtopic.pk if subtopic is not None else post.subtopic_id
        own = list(post.attachments.filter(owner=AttachmentOwner.SPEECH))
        removed = [a for a in own if str(a.pk) in {str(pk) for pk in remove}]
        if removed or files:
            attachments.remove(removed)
            attachments.store(list(files), uploader=editor, post=post, existing=[a for a in own if a not in removed])
            figures_changed(post.consultation_id)
        if (title, body, subtopic_id) == (post.title, post.body, post.subtopic_id):
            return post  # the text did not change: no new version, no "edited" mark
        post.title, post.body, post.subtopic_id = title, body, subtopic_id
        post.body_html = render_markdown(body)
        post.edited_at = timezone.now()
        post._history_user = editor
        post.save()
        figures_changed(post.consultation_id)
        return post


# --- Comments ----------------------------------------------------------------------------------------


def _comment_link(comment: Comment) -> str:
    return f"{comment.post.get_absolute_url()}#comment-{comment.pk}"  # notify makes it absolute


def tell_parent_author(comment: Comment) -> None:
    parent = comment.parent
    if parent is None or parent.author_id == comment.author_id:
        return
    consultation = comment.post.consultation
    notify(
        parent.author,
        Trigger.COMMENT_REPLIED,
        key=f"comment:{comment.pk}:reply",
        subject=_("%(name)s replied to your comment") % {"name": comment.author.shown_name},
        body=_("On “%(title)s”: %(text)s") % {"title": comment.post.title, "text": comment.body[:140]},
        url=_comment_link(comment),
        topic=consultation.notification_topic,
    )


def add_comment(author, post: Post, body: str, parent: Comment | None = None, files=()) -> Comment:
    """Comment on a speech or reply to a comment; the public's comments may wait for approval."""
    with transaction.atomic():
        consultation = post.consultation
        refuse(permissions.comment_refusal(author, consultation))
        if not permissions.can_see_post(author, post):
            raise PermissionDenied(_("This speech is hidden."))
        body = clean_text(body, field="body", limit=COMMENT_MAX, required_message=_("Write your comment."))
        if parent is not None:
            if parent.post_id != post.pk:
                raise ValidationError(_("You can only reply to a comment on the same speech."))
            shown_to_all = parent.is_approved and not parent.is_hidden
            if not permissions.can_see_comment(author, parent) or not (
                shown_to_all or permissions.can_see_hidden(author)
            ):
                raise PermissionDenied(_("You cannot reply to this comment."))
        posting_limits.consume(author, "comment")
        approved = not permissions.comment_needs_approval(author, consultation)
        comment = Comment(
            post=post, parent=parent, depth=(parent.depth + 1) if parent else 0, author=author, body=body,
            body_html=render_markdown(body), is_approved=approved, author_role=author.role,
        )
        comment._history_user = author
        comment.save()
        attachments.store(list(files), uploader=author, post=post, comment=comment, owner=AttachmentOwner.COMMENT)
        if approved:
            Post.objects.filter(pk=post.pk).update(
                comment_count=F("comment_count") + 1, last_activity_at=comment.created_at
            )
            tell_parent_author(comment)
        # a comment awaiting approval moves the version too: its author sees it at once (selectors.comment_page)
        figures_changed(consultation.pk)
        return comment


# --- Likes ---------------------------------------------------------------------------------------------


def _toggle(like_model, target_field: str, target, counter_model, user) -> tuple[bool, int]:
    existing = like_model.objects.filter(**{target_field: target, "user": user})
    deleted, _by_model = existing.delete()
    if deleted:
        counter_model.objects.filter(pk=target.pk).update(like_count=F("like_count") - 1)
        liked = False
    else:
        try:
            with transaction.atomic():  # a double click racing itself ends with one like
                like_model.objects.create(**{target_field: target, "user": user})
        except IntegrityError:
            pass
        else:
            counter_model.objects.filter(pk=target.pk).update(like_count=F("like_count") + 1)
        liked = True
    count = counter_model.objects.values_list("like_count", flat=True).get(pk=target.pk)
    figures_changed(target.consultation_id if isinstance(target, Post) else target.post.consultation_id)
    return liked, count


def toggle_post_like(user, post: Post) -> tuple[bool, int]:
    """Like a speech, or take the like back; returns (liked now, number of likes)."""
    with transaction.atomic():
        refuse(permissions.like_refusal(user, post.consultation))
        if not permissions.can_see_post(user, post) or post.is_hidden:
            raise PermissionDenied(_("This speech is hidden."))
        return _toggle(PostLike, "post", post, Post, user)


def toggle_comment_like(user, comment: Comment) -> tuple[bool, int]:
    """Like a comment, or take the like back; returns (liked now, number of likes)."""
    with transaction.atomic():
        refuse(permissions.like_refusal(user, comment.post.consultation))
        if not permissions.can_see_comment(user, comment) or comment.is_hidden or not comment.is_approved:
            raise PermissionDenied(_("This comment is not shown."))
        return _toggle(CommentLike, "comment", comment, Comment, user)
