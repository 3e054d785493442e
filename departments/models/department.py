from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    """A government department (职能部门) that claims and answers speeches through its officials."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True, help_text=_("phone, address or office"))
    officials = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officials"),
        related_name="departments",
        blank=True,
        limit_choices_to={"role": "official"},
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("departments:detail", args=[self.slug])

    @property
    def shown_name(self) -> str:
        return self.short_name or self.name

    def has_official(self, user) -> bool:
        return user.is_authenticated and self.officials.filter(pk=user.pk).exists()
