"""Compiling minutes and exports: requested by staff, run by a Celery task, kept as versions."""

import hashlib
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from accounts.models import Trigger
from accounts.notifications import notify
from accounts.permissions import is_committee_staff

from ..models import Compilation, Consultation
from .archive import export_consultation
from .document import Minutes
from .i18n import t
from .writers import WRITERS

logger = logging.getLogger(__name__)


def can_compile(user) -> bool:
    return is_committee_staff(user)


def request_compilation(user, consultation: Consultation, format: str, edition: str = "public") -> Compilation:
    """Queue a compilation of `consultation` in `format` and `edition`; committee staff only.

    The JSON archive is always complete (hidden content included), so it is recorded as internal.
    The task starts once this transaction commits.
    """
    if not can_compile(user):
        raise PermissionDenied(t("Only committee staff can compile minutes and exports."))
    if format not in Compilation.Format.values:
        raise ValidationError(t("Unknown format: %(format)s.") % {"format": format})
    if edition not in Compilation.Edition.values:
        raise ValidationError(t("Unknown edition: %(edition)s.") % {"edition": edition})
    if format == Compilation.Format.JSON:
        edition = Compilation.Edition.INTERNAL
    with transaction.atomic():
        compilation = Compilation.objects.create(
            consultation=consultation, format=format, edition=edition, requested_by=user)
        transaction.on_commit(lambda: enqueue(compilation.pk))
    return compilation


def enqueue(compilation_id: int) -> None:
    """After the commit: a broker fault marks the request failed (staff see it and ask again)
    instead of turning the saved request into an error page."""
    from .tasks import compile_minutes

    try:
        compile_minutes.delay(compilation_id)
    except Exception as error:  # noqa: BLE001 - any broker fault
        logger.warning("Broker unavailable, compilation %s not started: %s", compilation_id, error)
        Compilation.objects.filter(pk=compilation_id, state=Compilation.State.QUEUED).update(
            state=Compilation.State.FAILED, finished_at=timezone.now(),
            error=t("The task queue is unavailable. Please request this compilation again later."))


def file_name(compilation: Compilation) -> str:
    slug = slugify(compilation.consultation.slug) or "consultation"
    kind = "archive" if compilation.format == Compilation.Format.JSON else f"minutes-{compilation.edition}"
    if compilation.format in (Compilation.Format.XLSX, Compilation.Format.CSV):
        kind = f"responses-{compilation.edition}"
    return f"{slug}-{kind}-{compilation.pk}.{compilation.format}"


def download_name(compilation: Compilation) -> str:
    """What the browser saves it as: the consultation's Chinese title, what it is, and when."""
    kinds = {
        Compilation.Format.JSON: t("archive"),
        Compilation.Format.XLSX: t("responses table"),
        Compilation.Format.CSV: t("responses table"),
    }
    kind = kinds.get(compilation.format, t("minutes"))
    edition = ""
    if compilation.format != Compilation.Format.JSON:
        edition = f"（{t('internal') if compilation.edition == Compilation.Edition.INTERNAL else t('public')}）"
    stamp = timezone.localtime(compilation.created_at).strftime("%Y%m%d-%H%M")
    return f"{compilation.consultation.title}·{kind}{edition}-{stamp}.{compilation.format}"


def run_compilation(compilation_id: int) -> Compilation:
    """Compile, store the file with its size and SHA-256, and tell the requester; on error, record it.

    Idempotent: a compilation already done is left as it is (tasks are acknowledged late and may
    run twice after a worker dies).
    """
    compilation = Compilation.objects.select_related("consultation", "requested_by").get(pk=compilation_id)
    if compilation.state == Compilation.State.DONE:
        return compilation
    Compilation.objects.filter(pk=compilation.pk).update(state=Compilation.State.RUNNING, progress=0, error="")
    last = {"percent": 0}

    def progress(percent: int) -> None:
        if percent > last["percent"]:
            last["percent"] = percent
            Compilation.objects.filter(pk=compilation.pk).update(progress=min(percent, 99))

    try:
        with translation.override(settings.LANGUAGE_CODE), tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"compilation.{compilation.format}"
            if compilation.format == Compilation.Format.JSON:
                export_consultation(compilation.consultation, path, on_progress=progress)
            else:
                minutes = Minutes(compilation.consultation,
                                  internal=compilation.edition == Compilation.Edition.INTERNAL, on_progress=progress)
                WRITERS[compilation.format](minutes, path)
            digest = hashlib.sha256()
            with open(path, "rb") as source:
                while piece := source.read(2**20):
                    digest.update(piece)
                source.seek(0)
                compilation.file.save(file_name(compilation), File(source), save=False)
            compilation.size = path.stat().st_size
            compilation.checksum = digest.hexdigest()
    except Exception as error:  # any failure is recorded on the version for staff to see
        logger.exception("compilation %s failed", compilation.pk)
        Compilation.objects.filter(pk=compilation.pk).update(
            state=Compilation.State.FAILED, error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now())
        compilation.refresh_from_db()
        return compilation
    compilation.state = Compilation.State.DONE
    compilation.progress = 100
    compilation.finished_at = timezone.now()
    with transaction.atomic():
        compilation.save(update_fields=["file", "size", "checksum", "state", "progress", "finished_at"])
        if compilation.requested_by:
            tell_requester(compilation)
    return compilation


def tell_requester(compilation: Compilation) -> None:
    consultation = compilation.consultation
    with translation.override(settings.LANGUAGE_CODE):
        subject = t("Ready: %(kind)s of %(title)s") % {
            "kind": compilation.get_format_display(), "title": consultation.title}
        body = t("The %(format)s you asked for (%(edition)s) is ready to download on the minutes page.") % {
            "format": compilation.get_format_display(), "edition": compilation.get_edition_display()}
    notify(
        compilation.requested_by, Trigger.MINUTES_READY, key=f"compilation:{compilation.pk}:ready",
        subject=subject[:200], body=body, url=reverse("meetings:minutes", args=[consultation.slug]),
        topic=consultation.notification_topic,
    )
