"""Splitting a speech into aspects (诉求) so that several departments can each claim their part.

Staff and the speech's author may split or add aspects at any time; an official of a department
taking part may split a speech nobody has split yet (as in the first online consultation, where one
member's speech went to three departments) — the author is told. Every split is audited, and staff
can undo one that no department has claimed a part of yet.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Trigger
from accounts.text import clean_input
from meetings.models import Post

from . import services
from .models import Aspect, AuditEntry, Claim
from .permissions import official_departments, split_refusal

TITLE_LIMIT = 200
EXCERPT_LIMIT = 2000
MAX_PARTS = 10


def _clean(value: str, limit: int, message: str) -> str:
    value = clean_input(value or "").strip()  # the project's one cleaner: controls, bidi, zero-width
    if len(value) > limit:
        raise ValidationError(message % {"limit": limit})
    return value


def clean_parts(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(title, excerpt) pairs cleaned and within their limits; untitled ones dropped, at least one kept."""
    parts = [(_clean(title, TITLE_LIMIT, _("An aspect title can be at most %(limit)d characters.")),
              _clean(excerpt, EXCERPT_LIMIT, _("The part an aspect covers can be at most %(limit)d characters.")))
             for title, excerpt in parts[:MAX_PARTS]]
    parts = [(title, excerpt) for title, excerpt in parts if title]
    if not parts:
        raise ValidationError(_("Give each aspect a title."))
    return parts


@transaction.atomic
def split_post(actor, post: Post, parts: list[tuple[str, str]]) -> list[Aspect]:
    """Split a speech into aspects (title, covered text); see the module's rule.

    An unclaimed whole-speech aspect gives way to the parts; one that a department holds stays.
    """
    Post.objects.select_for_update().filter(pk=post.pk).first()  # two officials splitting at once: one wins
    refusal = split_refusal(actor, post)
    departments = official_departments(actor, post)
    if refusal:
        raise (ValidationError if departments else PermissionDenied)(refusal)
    parts = clean_parts(parts)
    Aspect.objects.filter(post=post, is_whole=True, claims__isnull=True).delete()
    start = (Aspect.objects.filter(post=post).order_by("-order").values_list("order", flat=True).first() or 0) + 1
    made = [Aspect.objects.create(post=post, order=start + index, title=title, excerpt=excerpt, created_by=actor)
            for index, (title, excerpt) in enumerate(parts)]
    department = departments[0] if departments and not actor.is_committee_staff else None
    titles = "; ".join(title for title, _e in parts)
    services._audit(actor, AuditEntry.Action.SPLIT, post=post, department=department, detail=titles)
    if actor.pk != post.author_id:
        who = department.name if department else actor.shown_name
        services._tell_author(post, Trigger.SPEECH_SPLIT, key=f"post:{post.pk}:split:{made[0].pk}",
                              subject=_("%(who)s split your speech into aspects") % {"who": who},
                              body=_("“%(title)s” now has these aspects, each for a department to claim: %(parts)s") % {
                                  "title": post.title, "parts": titles})
    services.sync_response_state(post)
    return made


@transaction.atomic
def undo_split(staff, post: Post) -> int:
    """Committee staff remove the aspects of a split no department has claimed a part of; returns how many."""
    if not (staff.is_authenticated and staff.is_committee_staff):
        raise PermissionDenied(_("Only committee staff can undo a split."))
    Post.objects.select_for_update().filter(pk=post.pk).first()
    parts = Aspect.objects.filter(post=post, is_whole=False)
    if not parts.exists():
        raise ValidationError(_("This speech is not split."))
    if Claim.objects.filter(aspect__in=parts).exists():
        raise ValidationError(_("A department has claimed a part of this split; hand back or transfer that claim "
                                "before undoing the split."))
    titles = "; ".join(parts.values_list("title", flat=True))
    count, _deleted = parts.delete()
    services._audit(staff, AuditEntry.Action.UNSPLIT, post=post, detail=titles)
    services.sync_response_state(post)
    return count
