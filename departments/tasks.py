from celery import shared_task

from . import reminders


@shared_task(acks_late=True)
def send_claim_reminders() -> dict:
    """Scheduled (CELERY_BEAT_SCHEDULE): remind departments of claims due soon and overdue, once each."""
    return reminders.send_claim_reminders()
