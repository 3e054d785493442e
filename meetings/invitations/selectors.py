"""What the invitations page shows: each invitee, whether any channel reached them, and the totals.

A channel that cannot apply to a person (no WeChat bound, no email on file) is *skipped*, not
failed; a person is *reached* when any channel delivered, *pending* while a message is still on its
way, and *not reached* when every channel ended without delivering.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from accounts.models import Channel, Failure, Notification, Trigger

from ..models import Post

INVITABLE_CHANNELS = [Channel.SMS, Channel.WECHAT, Channel.EMAIL]
Status = Notification.Status
REACHED, PENDING, NOT_REACHED = "reached", "pending", "not_reached"


def row_state(status: str, failure: str) -> str:
    """delivered, pending, skipped (the channel does not apply to the person) or failed."""
    if status in (Status.SENT, Status.DELIVERED):
        return "delivered"
    if status in (Status.PENDING, Status.SENDING):
        return "pending"
    return "skipped" if failure == Failure.NO_ADDRESS else "failed"


def person_state(row_states) -> str:
    states = set(row_states)
    if "delivered" in states:
        return REACHED
    return PENDING if "pending" in states else NOT_REACHED


@dataclass
class Invitee:
    person: object
    spoke: bool = False
    rows: dict = field(default_factory=dict)  # channel → latest Notification

    def cells(self):
        return [(channel, row, row_state(row.status, row.failure)) for channel in INVITABLE_CHANNELS
                if (row := self.rows.get(channel))]

    @property
    def state(self) -> str:
        return person_state(state for _, _, state in self.cells())


def _invitation_rows(consultation):
    return Notification.objects.filter(topic=consultation.notification_topic, trigger=Trigger.INVITATION)


def invitation_status(consultation, page_people=None) -> list[Invitee]:
    """Invitees (optionally only those on the current page) with their latest row per channel."""
    rows = _invitation_rows(consultation)
    if page_people is not None:
        rows = rows.filter(recipient__in=page_people)
    invitees: dict[int, Invitee] = {}
    for row in rows.select_related("recipient").order_by("created_at", "pk"):
        invitee = invitees.setdefault(row.recipient_id, Invitee(row.recipient))
        if row.channel != Channel.IN_APP:
            invitee.rows[row.channel] = row  # later rows (resends) replace earlier ones
    spoke = set(Post.objects.filter(consultation=consultation, author_id__in=list(invitees))
                .values_list("author_id", flat=True))
    for pk, invitee in invitees.items():
        invitee.spoke = pk in spoke
    return sorted(invitees.values(), key=lambda i: (i.person.role, i.person.shown_name))


def person_states(consultation) -> dict[int, str]:
    """Every invitee's state (reached / pending / not reached), by person pk, in two queries."""
    latest: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    people = set()
    for recipient, channel, status, failure in _invitation_rows(consultation).order_by("created_at", "pk") \
            .values_list("recipient_id", "channel", "status", "failure"):
        people.add(recipient)
        if channel != Channel.IN_APP:
            latest[recipient][channel] = (status, failure)
    return {pk: person_state(row_state(*pair) for pair in latest[pk].values()) for pk in people}


def delivery_totals(consultation) -> dict:
    """People reached / not reached / pending, and the progress of a sending in course (n of N);
    `waiting` counts messages held back by quiet hours, which no polling would see move; `delivered`
    and `refused` count the messages the SMS providers' receipts confirmed or the carrier refused."""
    states = person_states(consultation)
    counts = {REACHED: 0, PENDING: 0, NOT_REACHED: 0}
    for state in states.values():
        counts[state] += 1
    waiting = _invitation_rows(consultation).filter(status=Status.PENDING, not_before__gt=timezone.now()).count()
    receipts = dict(_invitation_rows(consultation).filter(status__in=[Status.DELIVERED, Status.REFUSED])
                    .values_list("status").annotate(n=Count("pk")))
    total = len(states)
    return {**counts, "total": total, "done": total - counts[PENDING], "waiting": waiting,
            "sending": counts[PENDING] > 0 and waiting == 0,
            "delivered": receipts.get(Status.DELIVERED, 0), "refused": receipts.get(Status.REFUSED, 0)}


def unreached_people(consultation) -> list:
    """Invitees whom no channel reached and nothing is still on its way to."""
    ids = [pk for pk, state in person_states(consultation).items() if state == NOT_REACHED]
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def invited_people(consultation):
    """People invited to this consultation (a queryset, for paging)."""
    return get_user_model().objects.filter(
        notifications__topic=consultation.notification_topic, notifications__trigger=Trigger.INVITATION,
        notifications__channel=Channel.IN_APP,
    ).distinct().order_by("role", "real_name", "pk")
