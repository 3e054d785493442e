from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Score(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class Rating(models.Model):
    """The speech author's rating of one reply (满意度评价); unsatisfied reopens the claim once."""

    reply = models.OneToOneField("departments.Reply", on_delete=models.CASCADE, related_name="rating",
                                 verbose_name=_("reply"))
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("rated by"))
    score = models.CharField(_("rating"), max_length=16, choices=Score.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("rated"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self):
        return self.get_score_display()
