"""Who may do what in a consultation. Services enforce these; templates use them to show buttons.

Each `*_refusal` returns None when the action is allowed, or the message that explains the refusal;
the matching `can_*` is its boolean form.
"""

from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import is_committee_staff

from .models import Consultation, ParticipationMode, Post, Status, Visibility

SPEAKER_ROLES = {Role.MEMBER}
COMMENTER_ROLES = {Role.MEMBER, Role.LEADER, Role.OFFICIAL, Role.STAFF}


can_moderate = is_committee_staff
can_see_hidden = is_committee_staff


def is_invited(user, consultation: Consultation) -> bool:
    """Invited as a member or leader, or an official of an invited department (remembered per request)."""
    if not user.is_authenticated:
        return False
    memo = consultation.__dict__.setdefault("_invited_memo", {})
    if user.pk not in memo:
        memo[user.pk] = consultation.is_participant(user)
    return memo[user.pk]


def can_view(user, consultation: Consultation) -> bool:
    """Drafts are for staff; invited-only consultations for the invited (everyone else gets a 404)."""
    if is_committee_staff(user):
        return True
    if consultation.status == Status.DRAFT:
        return False
    if consultation.visibility == Visibility.PUBLIC:
        return True
    return is_invited(user, consultation)


# --- Who sees a speech or a comment: the one rule per kind that every view and service goes through ----


def can_see_post(user, post) -> bool:
    """A speech is seen by whoever may view its consultation; a hidden one by staff only."""
    if not can_view(user, post.consultation):
        return False
    return not post.is_hidden or can_see_hidden(user)


def comment_shown_to(user, comment) -> bool:
    """The comment's own state, for a reader already shown its speech: staff see every comment; others
    see approved comments that are not hidden, and their own comments while they await approval."""
    if can_see_hidden(user):
        return True
    if comment.is_hidden:
        return False
    return comment.is_approved or (user.is_authenticated and comment.author_id == user.pk)


def can_see_comment(user, comment) -> bool:
    """A comment is seen on a speech this person sees, by the rule of `comment_shown_to`."""
    return can_see_post(user, comment.post) and comment_shown_to(user, comment)


def can_see(user, target) -> bool:
    """`can_see_post` or `can_see_comment`, whichever the target is."""
    return can_see_post(user, target) if isinstance(target, Post) else can_see_comment(user, target)


def _open_refusal(user, consultation: Consultation) -> str | None:
    if not user.is_authenticated:
        return _("Sign in to take part.")
    if not can_view(user, consultation):
        return _("You were not invited to this consultation.")
    if consultation.status == Status.DRAFT:
        return _("This consultation has not been published yet.")
    if consultation.status != Status.PUBLISHED:
        return _("This consultation is closed.")
    return None


def speak_refusal(user, consultation: Consultation, now=None) -> str | None:
    """Members speak while a stage allowing speeches is open; invited-only needs an invitation."""
    refusal = _open_refusal(user, consultation)
    if refusal:
        return refusal
    if user.role not in SPEAKER_ROLES:
        return _("Only members post speeches.")
    if consultation.visibility == Visibility.INVITED and not is_invited(user, consultation):
        return _("You were not invited to this consultation.")
    if not consultation.stage_allows("speeches", now):
        return _("No stage open now takes speeches.")
    return None


def comment_refusal(user, consultation: Consultation, now=None) -> str | None:
    """Members, leaders, officials and staff comment while a stage allows it; the public where allowed."""
    refusal = _open_refusal(user, consultation)
    if refusal:
        return refusal
    if (
        user.role not in COMMENTER_ROLES
        and not is_committee_staff(user)
        and consultation.public_participation == ParticipationMode.READ_ONLY
    ):
        return _("The public may read this consultation but not comment on it.")
    if not consultation.stage_allows("comments", now):
        return _("No stage open now takes comments.")
    return None


def comment_needs_approval(user, consultation: Consultation) -> bool:
    """Comments from the public wait for staff where the consultation says so."""
    return (
        user.role not in COMMENTER_ROLES
        and not is_committee_staff(user)
        and consultation.public_participation == ParticipationMode.MODERATED
    )


def like_refusal(user, consultation: Consultation) -> str | None:
    """Anyone signed in who can see an open consultation may like (one like per person)."""
    return _open_refusal(user, consultation)


def report_refusal(user, consultation: Consultation) -> str | None:
    if not user.is_authenticated:
        return _("Sign in to take part.")
    if not can_view(user, consultation):
        return _("You were not invited to this consultation.")
    return None


def edit_refusal(user, post) -> str | None:
    """Only the author edits a speech, while the consultation is open and the speech is shown."""
    if not user.is_authenticated:
        return _("Sign in to take part.")
    if post.author_id != user.pk:
        return _("Only the author can edit a speech.")
    if post.is_hidden:
        return _("A hidden speech cannot be edited.")
    if post.consultation.status != Status.PUBLISHED:
        return _("This consultation is closed.")
    return None


def can_speak(user, consultation, now=None) -> bool:
    return speak_refusal(user, consultation, now) is None


def can_comment(user, consultation, now=None) -> bool:
    return comment_refusal(user, consultation, now) is None


def can_like(user, consultation) -> bool:
    return like_refusal(user, consultation) is None


def can_report(user, consultation) -> bool:
    return report_refusal(user, consultation) is None


def can_edit_post(user, post) -> bool:
    return edit_refusal(user, post) is None


def attachment_refusal(user, attachment) -> str | None:
    """A file is seen by whoever sees what it hangs under: the consultation, its speech, its comment.

    Hidden speeches and comments (and their files) are for staff; a comment awaiting approval shows
    its files to its author and staff only. Callers answer 404 to keep hidden files unguessable.
    """
    if not can_view(user, attachment.consultation):
        return _("You were not invited to this consultation.")
    if is_committee_staff(user):
        return None
    if attachment.post.is_hidden:
        return _("This speech is hidden.")
    comment = attachment.comment
    if comment is not None and (comment.is_hidden or (not comment.is_approved and comment.author_id != user.pk)):
        return _("This comment is not shown.")
    return None


def can_see_attachment(user, attachment) -> bool:
    return attachment_refusal(user, attachment) is None
