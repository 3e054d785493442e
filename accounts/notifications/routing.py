"""Telling people things. Other apps call `notify`; this module never imports them back."""

from django.db import transaction

from .models import Channel, Notification


def notify(recipient, trigger: str, *, key: str, subject: str, body: str, url: str = "", topic: str = "",
           urgent: bool = False) -> list[Notification]:
    """Write the outbox rows for one event to one person, in the caller's transaction.

    `key` names the event (e.g. "claim:12:claimed"); with the channel it makes each row unique,
    so calling twice for the same event changes nothing.
    """
    rows = []
    with transaction.atomic():
        for channel in (Channel.IN_APP,):
            row, _created = Notification.objects.get_or_create(
                key=f"{key}:{recipient.pk}:{channel}",
                defaults={
                    "recipient": recipient, "channel": channel, "trigger": trigger, "subject": subject,
                    "body": body, "url": url, "topic": topic, "urgent": urgent,
                    "status": Notification.Status.DELIVERED,
                },
            )
            rows.append(row)
    return rows
