"""Reminders to departments: claims due by the next working day, and overdue ones (the hourly beat task)."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Trigger

from .models import Claim
from .services import tell_department, today
from .workdays import add_working_days


def send_claim_reminders(on=None) -> dict:
    """Remind officials of claims due by the next working day, and of overdue ones: once per due date."""
    on = on or today()
    soon = add_working_days(on, 1)
    counts = {"due_soon": 0, "overdue": 0}
    owing = Claim.objects.owing().select_related("department", "aspect__post")
    for claim in owing.filter(due_on__gte=on, due_on__lte=soon):
        with transaction.atomic():
            post = claim.aspect.post
            tell_department(claim.department, Trigger.CLAIM_DUE_SOON, key=f"claim:{claim.pk}:due-soon:{claim.due_on}",
                             subject=_("A reply is due on %(due)s") % {"due": claim.due_on.isoformat()},
                             body=_("“%(title)s” needs your department's reply by %(due)s.") % {
                                 "title": post.title, "due": claim.due_on.isoformat()},
                             url=post.get_absolute_url())
        counts["due_soon"] += 1
    for claim in owing.filter(due_on__lt=on):
        with transaction.atomic():
            post = claim.aspect.post
            tell_department(claim.department, Trigger.CLAIM_OVERDUE, key=f"claim:{claim.pk}:overdue:{claim.due_on}",
                             subject=_("A reply is overdue"),
                             body=_("“%(title)s” was due on %(due)s and still waits for your department's reply.")
                             % {"title": post.title, "due": claim.due_on.isoformat()},
                             url=post.get_absolute_url(), urgent=True)
        counts["overdue"] += 1
    return counts
