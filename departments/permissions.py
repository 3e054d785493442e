"""Who may do what in the departments' response workflow. Services enforce these; templates and
selectors use them to show buttons.

Like `meetings/permissions.py`: each `*_refusal` returns None when the action is allowed, or the
message that explains the refusal; the matching `can_*` is its boolean form. Refusals about *who*
acts are raised by the services as PermissionDenied, refusals about *what* is acted on as
ValidationError.
"""

from django.utils.translation import gettext as _

from accounts.permissions import is_committee_staff
from meetings.models import Consultation, Post, Status
from meetings.permissions import can_view

from .models import Aspect, Department

RESPONDING_STATUSES = [Status.PUBLISHED, Status.CLOSED]


def is_official_of(user, department: Department) -> bool:
    return bool(user.is_authenticated and user.is_official and department.officials.filter(pk=user.pk).exists())


def official_refusal(user, department: Department) -> str | None:
    if not is_official_of(user, department):
        return _("Only officials of %(department)s can act for it.") % {"department": department}
    return None


def staff_refusal(user) -> str | None:
    if not is_committee_staff(user):
        return _("Only committee staff can do this.")
    return None


def respond_refusal(post: Post) -> str | None:
    """Departments respond to visible speeches of published or closed consultations."""
    if post.is_hidden:
        return _("This speech is hidden.")
    if post.consultation.status not in RESPONDING_STATUSES:
        return _("This consultation is not open for department responses.")
    return None


def taking_part_refusal(department: Department, consultation: Consultation) -> str | None:
    if not consultation.departments.filter(pk=department.pk).exists():
        return _("%(department)s does not take part in this consultation.") % {"department": department}
    return None


def claim_refusal(official, post: Post, department: Department) -> str | None:
    """An official claims for their own department, on a respondable speech of a consultation it takes part in."""
    return (official_refusal(official, department) or respond_refusal(post)
            or taking_part_refusal(department, post.consultation))


def can_claim(official, post: Post, department: Department) -> bool:
    return claim_refusal(official, post, department) is None


def official_departments(user, post: Post) -> list[Department]:
    """The departments taking part in the speech's consultation that `user` is an official of."""
    if not (user.is_authenticated and user.is_official):
        return []
    return list(Department.objects.filter(officials=user, consultations=post.consultation_id))


def is_split(post: Post) -> bool:
    return Aspect.objects.filter(post=post, is_whole=False).exists()


def split_refusal(user, post: Post, *, departments=None, split=None) -> str | None:
    """Why `user` may not split `post` into aspects, or None when they may. A page that already knows
    the person's departments taking part and whether the speech is split passes them in."""
    if not user.is_authenticated:
        return _("Sign in to split a speech into aspects.")
    if user.is_committee_staff or user.pk == post.author_id:
        return None
    if not (official_departments(user, post) if departments is None else departments):
        return _("Only committee staff, the speech's author or an official of a department taking part "
                 "can split it into aspects.")
    if post.is_hidden or not can_view(user, post.consultation):
        return _("This speech is hidden.")
    if post.consultation.status not in RESPONDING_STATUSES:
        return _("This consultation is not open for department responses.")
    if is_split(post) if split is None else split:
        return _("This speech is already split; claim the aspect that concerns your department.")
    return None


def can_split(user, post: Post, **known) -> bool:
    return split_refusal(user, post, **known) is None


def press_refusal(leader, post: Post) -> str | None:
    """Leaders press departments (督办) in consultations they may see."""
    if not (leader.is_authenticated and leader.is_leader):
        return _("Only leaders can press a department.")
    if not can_view(leader, post.consultation):
        return _("You do not take part in this consultation.")
    return None


def rate_refusal(user, post: Post) -> str | None:
    if not (user.is_authenticated and user.pk == post.author_id):
        return _("Only the speech's author can rate a reply.")
    return None
