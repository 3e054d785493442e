from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ClaimRole(models.TextChoices):
    LEAD = "lead", _("Lead department")
    CO = "co", _("Co-handling department")


class ClaimState(models.TextChoices):
    CLAIMED = "claimed", _("Claimed")
    REPLIED = "replied", _("Replied")
    REOPENED = "reopened", _("Reopened")
    COMPLETED = "completed", _("Completed")
    HANDED_BACK = "handed_back", _("Handed back")
    TRANSFERRED = "transferred", _("Transferred")


# A claim in one of these states holds its aspect; handed back and transferred claims are history.
ACTIVE_STATES = [ClaimState.CLAIMED, ClaimState.REPLIED, ClaimState.REOPENED, ClaimState.COMPLETED]
# States in which the department still owes a reply (due dates and reminders apply).
OWING_STATES = [ClaimState.CLAIMED, ClaimState.REOPENED]


class ClaimQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state__in=ACTIVE_STATES)

    def owing(self):
        return self.filter(state__in=OWING_STATES)


class Claim(models.Model):
    """A department taking on an aspect (认领), as its lead (主办) or co-handling (协办) department.

    One aspect has at most one active lead: a partial unique index enforces it, and the claiming
    service locks the aspect row so that the loser of a race gets a clear message.
    """

    aspect = models.ForeignKey("departments.Aspect", on_delete=models.CASCADE, related_name="claims",
                               verbose_name=_("aspect"))
    department = models.ForeignKey("departments.Department", on_delete=models.PROTECT, related_name="claims",
                                   verbose_name=_("department"))
    role = models.CharField(_("role"), max_length=8, choices=ClaimRole.choices, default=ClaimRole.LEAD)
    state = models.CharField(_("state"), max_length=16, choices=ClaimState.choices, default=ClaimState.CLAIMED,
                             db_index=True)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("claimed by"))
    assigned = models.BooleanField(_("assigned by staff"), default=False)
    note = models.TextField(_("note"), blank=True)
    claimed_at = models.DateTimeField(_("claimed"))
    due_on = models.DateField(_("reply due"), db_index=True)
    first_replied_at = models.DateTimeField(_("first reply"), null=True, blank=True)
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("handed back or transferred"), null=True, blank=True)
    end_reason = models.TextField(_("reason for handing back or transferring"), blank=True)
    transferred_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                       verbose_name=_("transferred to"))

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["aspect", "-role", "claimed_at", "pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.UniqueConstraint(
                fields=["aspect"], condition=Q(role=ClaimRole.LEAD, state__in=ACTIVE_STATES),
                name="one_active_lead_per_aspect",
            ),
            models.UniqueConstraint(
                fields=["aspect", "department"], condition=Q(state__in=ACTIVE_STATES),
                name="one_active_claim_per_aspect_and_department",
            ),
        ]
        indexes = [models.Index(fields=["department", "state"], name="claim_department_state")]

    def __str__(self):
        return f"{self.department} · {self.aspect}"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def is_owing(self) -> bool:
        return self.state in OWING_STATES

    @property
    def is_lead(self) -> bool:
        return self.role == ClaimRole.LEAD
