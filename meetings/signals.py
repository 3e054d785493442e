"""A consultation's own changes (title, stages, sub-topics, visibility) bump its content version too,
and no page shared before them is served again (see page_cache)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import page_cache
from .models import Consultation, Stage, SubTopic
from .services import figures_changed


def _changed(consultation_id: int) -> None:
    figures_changed(consultation_id)
    transaction.on_commit(lambda: page_cache.consultation_changed(consultation_id))


@receiver([post_save, post_delete], sender=Consultation)
def consultation_changed(sender, instance, **kwargs):
    _changed(instance.pk)


@receiver([post_save, post_delete], sender=Stage)
@receiver([post_save, post_delete], sender=SubTopic)
def part_changed(sender, instance, **kwargs):
    _changed(instance.consultation_id)
