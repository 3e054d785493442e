from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what, when, in the response workflow; written by the services, read by staff."""

    class Action(models.TextChoices):
        SPLIT = "split", _("Split into aspects")
        CLAIMED = "claimed", _("Claimed")
        ASSIGNED = "assigned", _("Assigned")
        TRANSFERRED = "transferred", _("Transferred")
        HANDED_BACK = "handed_back", _("Handed back")
        REPLIED = "replied", _("Replied")
        FOLLOWED_UP = "followed_up", _("Follow-up")
        COMPLETED = "completed", _("Completed")
        PRESSED = "pressed", _("Pressed")
        RATED = "rated", _("Rated")
        REOPENED = "reopened", _("Reopened")
        UNSPLIT = "unsplit", _("Split undone")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                              verbose_name=_("who"))
    action = models.CharField(_("what"), max_length=16, choices=Action.choices)
    post = models.ForeignKey("meetings.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("speech"))
    aspect = models.ForeignKey("departments.Aspect", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("aspect"))
    claim = models.ForeignKey("departments.Claim", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="audit_entries", verbose_name=_("claim"))
    department = models.ForeignKey("departments.Department", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("department"))
    detail = models.TextField(_("detail"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()}"
