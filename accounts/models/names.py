from django.db import models
from django.utils.translation import gettext_lazy as _


class ReservedNameWord(models.Model):
    """A word (an office such as 主席) that people may not put in a name they choose themselves."""

    word = models.CharField(_("word"), max_length=20, unique=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("reserved name word")
        verbose_name_plural = _("reserved name words")

    def __str__(self):
        return self.word
