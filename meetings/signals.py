"""A consultation's own changes (title, stages, sub-topics, visibility) bump its content version too,
and no page shared before them is served again (see page_cache)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Consultation, Stage, SubTopic
from .services import consultation_changed, figures_changed


def _changed(consultation_id: int) -> None:
    figures_changed(consultation_id)
    # now, for this transaction's own later reads; and after the commit, for readers who cached the
    # old rows in between
    consultation_changed(consultation_id)
    transaction.on_commit(lambda: consultation_changed(consultation_id))


@receiver([post_save, post_delete], sender=Consultation)
def consultation_saved(sender, instance, **kwargs):
    _changed(instance.pk)


@receiver([post_save, post_delete], sender=Stage)
@receiver([post_save, post_delete], sender=SubTopic)
def part_changed(sender, instance, **kwargs):
    _changed(instance.consultation_id)
