"""A consultation's own changes (title, stages, sub-topics, visibility) bump its content version too,
so the pages and fragments shared by readers are made again after an edit in the admin."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Consultation, Stage, SubTopic
from .services import figures_changed


@receiver([post_save, post_delete], sender=Consultation)
def consultation_changed(sender, instance, **kwargs):
    figures_changed(instance.pk)


@receiver([post_save, post_delete], sender=Stage)
@receiver([post_save, post_delete], sender=SubTopic)
def part_changed(sender, instance, **kwargs):
    figures_changed(instance.consultation_id)
