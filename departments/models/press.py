from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Press(models.Model):
    """A leader pressing a department (督办) on a claim or on one of its replies.

    Open until the department answers with a reply or a follow-up (`answered_at`).
    """

    claim = models.ForeignKey("departments.Claim", on_delete=models.CASCADE, related_name="presses",
                              verbose_name=_("claim"))
    reply = models.ForeignKey("departments.Reply", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="presses", verbose_name=_("reply"))
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("leader"))
    note = models.TextField(_("note"))
    created_at = models.DateTimeField(_("pressed"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("press")
        verbose_name_plural = _("presses")

    def __str__(self):
        return self.note[:40]

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
