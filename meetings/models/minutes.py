import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def private_storage():
    """Compilations are private files: never under a media URL (see consultation/storage.py)."""
    return storages["private"]


def compilation_path(instance, filename: str) -> str:
    """An unguessable name: the month, then a random token; the browser gets a readable name from the view."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"compilations/{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}{suffix}"


class Compilation(models.Model):
    """One compiled export of a consultation (minutes or a data export), kept as a version."""

    class Format(models.TextChoices):
        DOCX = "docx", "DOCX"
        PDF = "pdf", "PDF"
        HTML = "html", "HTML"
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"
        JSON = "json", _("JSON archive")

    class Edition(models.TextChoices):
        PUBLIC = "public", _("Public edition (hidden content left out)")
        INTERNAL = "internal", _("Internal edition (hidden content kept, marked)")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Compiling")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    consultation = models.ForeignKey(
        "meetings.Consultation", on_delete=models.CASCADE, related_name="compilations"
    )
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    edition = models.CharField(_("edition"), max_length=16, choices=Edition.choices, default=Edition.PUBLIC)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=compilation_path, storage=private_storage, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("compilation")
        verbose_name_plural = _("compilations")

    def __str__(self):
        return f"{self.consultation} · {self.get_format_display()} · {self.created_at:%Y-%m-%d %H:%M}"
