from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ModerationAction(models.Model):
    """Every hide, unhide, approval and rejection, with who did it and why (kept for the record)."""

    class Kind(models.TextChoices):
        HIDE = "hide", _("Hidden")
        UNHIDE = "unhide", _("Shown again")
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")

    post = models.ForeignKey("meetings.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    comment = models.ForeignKey(
        "meetings.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reason = models.TextField(_("reason"), blank=True)
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, comment__isnull=True) | Q(post__isnull=True, comment__isnull=False),
                name="moderation_targets_one_thing",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.post or self.comment}"


class Report(models.Model):
    """Someone signed in flags a speech or comment for staff to look at."""

    post = models.ForeignKey("meetings.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    comment = models.ForeignKey(
        "meetings.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["created_at"], condition=Q(resolved_at__isnull=True), name="report_open")]
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, comment__isnull=True) | Q(post__isnull=True, comment__isnull=False),
                name="report_targets_one_thing",
            )
        ]

    def __str__(self):
        return f"{self.reporter}: {self.reason[:40]}"


class Onlooker(models.Model):
    """One unique viewer of a consultation: the database fallback when Redis is not configured."""

    consultation = models.ForeignKey("meetings.Consultation", on_delete=models.CASCADE, related_name="+")
    visitor = models.CharField(max_length=64)
    first_seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "visitor"], name="one_onlooker_row_per_visitor")
        ]

    def __str__(self):
        return self.visitor
