from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Aspect(models.Model):
    """One demand (诉求) in a speech that a department can claim.

    A speech nobody has split is one aspect: the whole-speech aspect (`is_whole`) is made the first
    time someone claims it or staff assign it, so every claim points at an aspect.
    """

    post = models.ForeignKey("meetings.Post", on_delete=models.CASCADE, related_name="aspects",
                             verbose_name=_("speech"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200, blank=True)  # empty for the whole-speech aspect
    excerpt = models.TextField(_("part of the speech it covers"), blank=True)
    is_whole = models.BooleanField(_("whole speech"), default=False, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["post", "order", "pk"]
        verbose_name = _("aspect")
        verbose_name_plural = _("aspects")
        constraints = [
            models.UniqueConstraint(fields=["post"], condition=Q(is_whole=True), name="one_whole_aspect_per_post"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The title, or for the whole-speech aspect the words "Whole speech" in the reader's language
        (the database stores no UI words)."""
        return gettext("Whole speech") if self.is_whole else self.title
