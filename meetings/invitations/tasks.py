"""Beat task: tell participants when a stage opens (once per stage)."""

from celery import shared_task

from .stages import announce_opened_stages as announce


@shared_task(name="meetings.invitations.tasks.announce_opened_stages", ignore_result=True)
def announce_opened_stages() -> int:
    return announce()
