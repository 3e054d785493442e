from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Disposition(models.TextChoices):
    RESOLVED = "resolved", _("Resolved or adopted now")
    UNDER_STUDY = "under_study", _("Under study")
    NEEDS_SUPPORT = "needs_support", _("Needs higher-level support")
    EXPLAINED = "explained", _("Explained (cannot be done, with reasons)")


class Reply(models.Model):
    """A department's official answer (答复) to a claimed aspect; published as the department.

    `author` keeps the official on record; the page leads with the department's name.
    """

    claim = models.ForeignKey("departments.Claim", on_delete=models.CASCADE, related_name="replies",
                              verbose_name=_("claim"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("official on record"))
    body = models.TextField(_("reply"), help_text=_("Markdown"))
    body_html = models.TextField(editable=False, default="")
    disposition = models.CharField(_("disposition"), max_length=16, choices=Disposition.choices)
    round = models.PositiveSmallIntegerField(_("round"), default=1, help_text=_("2 for the reply after reopening"))
    created_at = models.DateTimeField(_("published"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [
            models.UniqueConstraint(fields=["claim", "round"], name="one_reply_per_claim_and_round"),
        ]

    def __str__(self):
        return f"{self.claim.department} · {self.get_disposition_display()}"


class FollowUp(models.Model):
    """A progress note after a reply (办理进展), until the claim is marked completed (办结)."""

    claim = models.ForeignKey("departments.Claim", on_delete=models.CASCADE, related_name="follow_ups",
                              verbose_name=_("claim"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("official on record"))
    body = models.TextField(_("progress"), help_text=_("Markdown"))
    body_html = models.TextField(editable=False, default="")
    completes = models.BooleanField(_("marks the claim completed"), default=False)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return self.body[:40]
