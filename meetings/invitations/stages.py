"""Stage openings: each stage is announced once, to everyone taking part, when it starts."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Trigger
from accounts.notifications import Message, notify_many

from ..models import Stage, Status


def participants_of(consultation) -> list:
    """Invited members and leaders, and the officials of the invited departments, once each."""
    people = {person.pk: person for person in consultation.participants.all()}
    for department in consultation.departments.prefetch_related("officials"):
        for official in department.officials.all():
            people.setdefault(official.pk, official)
    return list(people.values())


def announce_opened_stages(now=None) -> int:
    """Stages that have started and were never announced: notify participants, then mark them.

    The stage row is locked and re-checked, so two beat runs never announce a stage twice (and the
    notification keys would make a second run a no-op anyway).
    """
    now = now or timezone.now()
    announced = 0
    candidates = Stage.objects.filter(
        opening_announced_at__isnull=True, starts_at__lte=now, ends_at__gt=now,
        consultation__status=Status.PUBLISHED,
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            stage = Stage.objects.select_for_update().select_related("consultation").filter(
                pk=pk, opening_announced_at__isnull=True).first()
            if stage is None:
                continue
            consultation = stage.consultation
            url = consultation.get_absolute_url()  # notify makes it absolute
            subject = _("%(stage)s has opened: %(title)s") % {"stage": stage.name, "title": consultation.title}
            body = _("The stage “%(stage)s” of “%(title)s” is open until %(end)s.") % {
                "stage": stage.name, "title": consultation.title,
                "end": f"{timezone.localtime(stage.ends_at):%Y-%m-%d %H:%M}",
            }
            notify_many(
                [Message(person, subject, body, url) for person in participants_of(consultation)],
                Trigger.STAGE_OPENED, key=f"stage-opened:{stage.pk}", topic=consultation.notification_topic,
            )
            stage.opening_announced_at = now
            stage.save(update_fields=["opening_announced_at"])
            announced += 1
    return announced
