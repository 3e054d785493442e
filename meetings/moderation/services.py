"""Moderation: reports from readers, and staff hiding, showing, approving and rejecting content.

One transaction each, permission check inside, like the rest of `meetings.services`.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.text import clean_input

from .. import permissions, search_index
from ..models import Comment, Consultation, ModerationAction, Post, Report
from ..services import REASON_MAX, clean_text, consultation_changed, figures_changed, refuse, tell_parent_author


def _target_fields(target) -> dict:
    if isinstance(target, Post):
        return {"post": target}
    if isinstance(target, Comment):
        return {"comment": target}
    raise TypeError("a speech or a comment")


def consultation_of(target) -> Consultation:
    return target.consultation if isinstance(target, Post) else target.post.consultation


def _counted(comment: Comment) -> bool:
    return comment.is_approved and not comment.is_hidden


def _require_moderator(moderator) -> None:
    if not permissions.can_moderate(moderator):
        raise PermissionDenied(_("Only committee staff moderate content."))


def _resolve_reports(moderator, target) -> None:
    Report.objects.filter(resolved_at__isnull=True, **_target_fields(target)).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )


def _set_hidden(moderator, target, hidden: bool, reason: str, kind: str):
    model = type(target)
    target = model.objects.select_for_update().get(pk=target.pk)
    counted_before = isinstance(target, Comment) and _counted(target)
    # An update, not save(): moderation is not an edit and adds no version to the history.
    model.objects.filter(pk=target.pk).update(is_hidden=hidden, hidden_reason=reason if hidden else "")
    target.is_hidden, target.hidden_reason = hidden, (reason if hidden else "")
    search_index.visibility_changed(target)
    if isinstance(target, Comment) and _counted(target) != counted_before:
        Post.objects.filter(pk=target.post_id).update(
            comment_count=F("comment_count") + (1 if _counted(target) else -1)
        )
    ModerationAction.objects.create(kind=kind, reason=reason, moderator=moderator, **_target_fields(target))
    consultation_id = consultation_of(target).pk
    figures_changed(consultation_id)
    if hidden:  # hidden content leaves the pages readers share at once, not STALE_SECONDS later
        transaction.on_commit(lambda: consultation_changed(consultation_id))
    return target


def hide(moderator, target, reason: str):
    """Staff hide a speech or comment with a reason; the reason is kept and open reports are resolved."""
    with transaction.atomic():
        _require_moderator(moderator)
        reason = clean_text(reason, field="reason", limit=REASON_MAX, required_message=_("Give a reason for hiding."))
        target = _set_hidden(moderator, target, True, reason, ModerationAction.Kind.HIDE)
        _resolve_reports(moderator, target)
        return target


def unhide(moderator, target, reason: str = ""):
    """Staff show a hidden speech or comment again; the action is kept with its reason."""
    with transaction.atomic():
        _require_moderator(moderator)
        reason = clean_input(reason or "").strip()[:REASON_MAX]
        return _set_hidden(moderator, target, False, reason, ModerationAction.Kind.UNHIDE)


def approve_comment(moderator, comment: Comment) -> Comment:
    """A comment waiting for approval is shown; the person it replies to is told now."""
    with transaction.atomic():
        _require_moderator(moderator)
        comment = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("post__consultation", "parent__author")
            .get(pk=comment.pk)
        )
        if comment.is_approved:
            return comment
        comment.is_approved = True
        Comment.objects.filter(pk=comment.pk).update(is_approved=True)
        search_index.visibility_changed(comment)
        if _counted(comment):
            Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") + 1)
            tell_parent_author(comment)
        ModerationAction.objects.create(kind=ModerationAction.Kind.APPROVE, moderator=moderator, comment=comment)
        figures_changed(comment.post.consultation_id)
        return comment


def reject_comment(moderator, comment: Comment, reason: str) -> Comment:
    """A comment waiting for approval is turned down: it stays hidden, with the reason kept."""
    with transaction.atomic():
        _require_moderator(moderator)
        reason = clean_text(reason, field="reason", limit=REASON_MAX, required_message=_("Give a reason for hiding."))
        comment = _set_hidden(moderator, comment, True, reason, ModerationAction.Kind.REJECT)
        _resolve_reports(moderator, comment)
        return comment


def report(reporter, target, reason: str) -> Report:
    """Anyone signed in who can see the content flags it for staff; one open report per person and item."""
    with transaction.atomic():
        refuse(permissions.report_refusal(reporter, consultation_of(target)))
        if not permissions.can_see(reporter, target):
            raise PermissionDenied(_("This content is not shown."))
        reason = clean_text(reason, field="reason", limit=REASON_MAX, required_message=_("Say what is wrong."))
        existing = Report.objects.filter(reporter=reporter, resolved_at__isnull=True, **_target_fields(target)).first()
        if existing:
            return existing
        return Report.objects.create(reporter=reporter, reason=reason, **_target_fields(target))


def dismiss_report(moderator, report_: Report) -> Report:
    """Staff looked at a report and leave the content as it is."""
    with transaction.atomic():
        _require_moderator(moderator)
        Report.objects.filter(pk=report_.pk, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=moderator
        )
        report_.refresh_from_db()
        return report_
