"""Celery tasks: thin wrappers over accounts.notifications.delivery (idempotent, acks late)."""

from celery import shared_task

from .notifications import delivery


@shared_task(name="accounts.tasks.deliver_notifications", acks_late=True, ignore_result=True)
def deliver_notifications(ids: list[int]) -> dict:
    return delivery.deliver_batch(ids)


@shared_task(name="accounts.tasks.release_due_notifications", ignore_result=True)
def release_due_notifications() -> dict:
    return delivery.release_due()
