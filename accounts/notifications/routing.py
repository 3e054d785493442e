"""Which channels a person gets for an event, and the outbox rows, written in the caller's transaction."""

import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..bulk import insert_new
from ..models import Channel, Failure, Notification, NotificationPreference, NotificationSettings
from ..models.preferences import EXTERNAL_CHANNELS, default_channels
from .quiet import QUIET_CHANNELS, release_time
from .transports import get_transport

BATCH = 1000
logger = logging.getLogger("accounts.notifications")


@dataclass
class Message:
    """One person's copy of an event: invitations carry a personal link, so text may differ per person."""

    recipient: object
    subject: str
    body: str
    url: str = ""
    params: dict = field(default_factory=dict)
    channels: list[str] | None = None  # this person's channels, overriding the call's `channels`


def notify(recipient, trigger: str, *, key: str, subject: str, body: str, url: str = "", topic: str = "",
           urgent: bool = False, channels: list[str] | None = None, params: dict | None = None,
           in_app: bool = True) -> list[Notification]:
    """Write the outbox rows for one event to one person, in the caller's transaction.

    `key` names the event (e.g. "claim:12:claimed"); with the person and the channel it makes each
    row unique, so calling twice for the same event changes nothing. The in-app row is always
    written; other channels follow the person's preferences for `trigger` (or `channels`, when
    staff chose them). Sending starts after the transaction commits. `in_app=False` leaves the
    in-app copy out (sign-in codes belong on the phone only). A relative `url` is made absolute
    with `settings.SITE_URL` here, so every message's link opens from a phone.
    """
    message = Message(recipient, subject, body, url, params or {})
    return notify_many([message], trigger, key=key, topic=topic, urgent=urgent, channels=channels, in_app=in_app)


def notify_many(messages: list[Message], trigger: str, *, key: str, topic: str = "", urgent: bool = False,
                channels: list[str] | None = None, in_app: bool = True) -> list[Notification]:
    """`notify` for many people at once: a handful of queries however many people there are."""
    if not messages:
        return []
    now = timezone.now()
    user_ids = [m.recipient.pk for m in messages]
    contacts = {c.user_id: c for c in NotificationSettings.objects.filter(user_id__in=user_ids)}
    chosen = {}
    if channels is None and any(m.channels is None for m in messages):
        chosen = {p.user_id: p.channels for p in NotificationPreference.objects.filter(
            user_id__in=user_ids, trigger=trigger)}
    transports = {channel: get_transport(channel) for channel in EXTERNAL_CHANNELS}
    deferred_until = None if urgent else release_time(now)
    rows = []
    for message in messages:
        person = message.recipient
        wanted = message.channels if message.channels is not None else channels
        if wanted is None:
            wanted = chosen.get(person.pk, default_channels(person.role, trigger))
        common = {
            "recipient": person, "trigger": trigger, "subject": message.subject[:200], "body": message.body,
            "url": absolute_url(message.url), "topic": topic, "urgent": urgent, "params": message.params,
        }
        if in_app:
            rows.append(Notification(key=f"{key}:{person.pk}:{Channel.IN_APP}", channel=Channel.IN_APP,
                                     status=Notification.Status.DELIVERED, sent_at=now, **common))
        for channel, address, error in plan(person, wanted, contacts.get(person.pk), transports):
            row = Notification(key=f"{key}:{person.pk}:{channel}", channel=channel, address=address, **common)
            if error:
                row.status, row.failure, row.last_error = Notification.Status.FAILED, Failure.NO_ADDRESS, error
            elif channel in QUIET_CHANNELS:
                row.not_before = deferred_until
            rows.append(row)
    for row in rows:  # due now: queued with the write, handed to the workers once it commits
        if row.status == Notification.Status.PENDING and row.not_before is None:
            row.queued_at = now
    with transaction.atomic():
        written = insert_new(rows, "key")
        if queued := [row.pk for row in written if row.queued_at]:
            transaction.on_commit(lambda: enqueue(queued))
        earlier = written_before(rows, written)
        queue_due([row.pk for row in earlier if row.status == Notification.Status.PENDING and row.queued_at is None],
                  now)
    return written + earlier


def written_before(rows: list[Notification], written: list[Notification]) -> list[Notification]:
    """The rows whose keys were there already (the same event again), as they are in the database."""
    if len(written) == len(rows):
        return []
    fresh = {row.key for row in written}
    keys = [row.key for row in rows if row.key not in fresh]
    earlier = []
    for start in range(0, len(keys), BATCH):
        earlier += Notification.objects.filter(key__in=keys[start:start + BATCH])
    return earlier


def reachable_channels(people) -> dict[int, list[str]]:
    """The external channels that can reach each person now (they have the address), by person pk."""
    people = list(people)
    contacts = {c.user_id: c for c in NotificationSettings.objects.filter(user_id__in=[p.pk for p in people])}
    transports = {channel: get_transport(channel) for channel in EXTERNAL_CHANNELS}
    return {person.pk: [channel for channel in EXTERNAL_CHANNELS
                        if transports[channel].address(person, contacts.get(person.pk))] for person in people}


def absolute_url(url: str) -> str:
    """`url` as an address that opens from a phone: a site-relative path gets `settings.SITE_URL` in front."""
    if not url or urlsplit(url).scheme:
        return url
    return urljoin(settings.SITE_URL.rstrip("/") + "/", url)


def plan(person, wanted: list[str], contact, transports) -> list[tuple[str, str, str]]:
    """(channel, address, error) for each external channel: a channel that cannot reach the person
    gets a failed row with the reason, and the next reachable channel in their fallback order."""
    order = contact.order if contact else list(EXTERNAL_CHANNELS)
    wanted = [c for c in dict.fromkeys(wanted) if c in EXTERNAL_CHANNELS]
    used = set(wanted)
    result = []
    for channel in wanted:
        address = transports[channel].address(person, contact)
        if address:
            result.append((channel, address, ""))
            continue
        reason = transports[channel].missing_address_reason()
        position = order.index(channel)
        for candidate in order[position + 1:] + order[:position]:
            if candidate in used:
                continue
            if other := transports[candidate].address(person, contact):
                used.add(candidate)
                result.append((channel, "", _("%(reason)s; sent by %(channel)s instead.") % {
                    "reason": reason, "channel": Channel(candidate).label}))
                result.append((candidate, other, ""))
                break
        else:
            result.append((channel, "", _("%(reason)s; no other channel reaches this person.") % {"reason": reason}))
    return result


def queue_due(ids: list[int], now=None) -> None:
    """Mark due pending rows as queued and hand them to Celery once the transaction commits."""
    if not ids:
        return
    now = now or timezone.now()
    due = []
    for start in range(0, len(ids), BATCH):
        rows = Notification.objects.filter(pk__in=ids[start:start + BATCH], status=Notification.Status.PENDING)
        rows = rows.filter(Q(not_before__isnull=True) | Q(not_before__lte=now)).order_by("pk")
        chunk = list(rows.values_list("pk", flat=True))
        Notification.objects.filter(pk__in=chunk).update(queued_at=now)
        due += chunk
    if due:
        transaction.on_commit(lambda: enqueue(due))


def enqueue(ids: list[int]) -> None:
    """Hand rows to the workers. Runs after the commit, so it never fails the write that made them:
    when the broker is down, the rows go back to "not queued" and the beat sweep
    (`delivery.release_due`, every minute) queues them again once it is back."""
    from ..tasks import deliver_notifications

    size = max(1, settings.NOTIFY_CHUNK_SIZE)
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        try:
            deliver_notifications.delay(chunk)
        except Exception as error:  # noqa: BLE001 - any broker fault: the rows wait for the sweep
            left = ids[start:]
            logger.warning("Broker unavailable, %d notifications left for the sweep: %s", len(left), error)
            for first in range(0, len(left), BATCH):
                Notification.objects.filter(pk__in=left[first:first + BATCH], status=Notification.Status.PENDING
                                            ).update(queued_at=None)
            return
