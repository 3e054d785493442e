"""The notification centre: a person's in-app notifications, unread count, marking read, preferences."""

from django.db import transaction
from django.utils import timezone

from ..models import Channel, Notification, NotificationPreference, NotificationSettings, Role, Trigger
from ..models.preferences import EXTERNAL_CHANNELS, default_channels

# The triggers a role can receive, in the order the settings page lists them.
ROLE_TRIGGERS = {
    Role.MEMBER: [Trigger.INVITATION, Trigger.STAGE_OPENED, Trigger.SPEECH_CLAIMED, Trigger.SPEECH_SPLIT,
                  Trigger.SPEECH_ANSWERED,
                  Trigger.COMMENT_REPLIED, Trigger.MINUTES_READY],
    Role.LEADER: [Trigger.INVITATION, Trigger.STAGE_OPENED, Trigger.COMMENT_REPLIED, Trigger.MINUTES_READY],
    Role.OFFICIAL: [Trigger.INVITATION, Trigger.STAGE_OPENED, Trigger.CLAIM_ASSIGNED, Trigger.CLAIM_DUE_SOON,
                    Trigger.CLAIM_OVERDUE, Trigger.DEPARTMENT_PRESSED, Trigger.REPLY_RATED, Trigger.COMMENT_REPLIED,
                    Trigger.MINUTES_READY],
    Role.PUBLIC: [Trigger.COMMENT_REPLIED],
}


def triggers_for(user) -> list[str]:
    """The triggers a person chooses channels for (a sign-in code always goes by SMS, so it is not one)."""
    return ROLE_TRIGGERS.get(user.role, [t for t in Trigger.values if t != Trigger.SIGN_IN_CODE])


def inbox(user):
    return Notification.objects.filter(recipient=user, channel=Channel.IN_APP)


def unread_count(user) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def mark_read(user, pk: int) -> Notification:
    """Mark one of the person's own notifications read (someone else's is simply not found)."""
    row = inbox(user).get(pk=pk)
    if row.read_at is None:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at"])
    return row


def mark_all_read(user) -> int:
    return inbox(user).filter(read_at__isnull=True).update(read_at=timezone.now())


def current_preferences(user) -> dict[str, list[str]]:
    saved = {p.trigger: p.channels for p in NotificationPreference.objects.filter(user=user)}
    return {trigger: saved.get(trigger, default_channels(user.role, trigger)) for trigger in triggers_for(user)}


def save_preferences(user, choices: dict[str, list[str]], order: list[str] | None = None) -> None:
    """Store the person's channels per trigger (and their fallback order), replacing what was there."""
    with transaction.atomic():
        for trigger in triggers_for(user):
            channels = [c for c in EXTERNAL_CHANNELS if c in set(choices.get(trigger, []))]
            NotificationPreference.objects.update_or_create(user=user, trigger=trigger, defaults={"channels": channels})
        if order is not None:
            contact, _created = NotificationSettings.objects.get_or_create(user=user)
            contact.channel_order = [c for c in order if c in EXTERNAL_CHANNELS]
            contact.save(update_fields=["channel_order"])
