"""What the invitations page shows: each invitee with the latest status on each channel."""

from dataclasses import dataclass, field

from django.db.models import Count

from accounts.models import Channel, Notification, Trigger

from ..models import Post
from .services import INVITABLE_CHANNELS


@dataclass
class Invitee:
    person: object
    spoke: bool = False
    rows: dict = field(default_factory=dict)  # channel → latest Notification

    def cells(self):
        return [(channel, self.rows.get(channel)) for channel in INVITABLE_CHANNELS]


def invitation_status(consultation, page_people=None) -> tuple[list[Invitee], dict]:
    """Invitees (optionally only those on the current page) and totals per status, in 3 queries."""
    rows = Notification.objects.filter(topic=consultation.notification_topic, trigger=Trigger.INVITATION)
    totals = dict(rows.exclude(channel=Channel.IN_APP).values_list("status").annotate(n=Count("pk")))
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
    return sorted(invitees.values(), key=lambda i: (i.person.role, i.person.shown_name)), totals


def invited_people(consultation):
    """People invited to this consultation (a queryset, for paging)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        notifications__topic=consultation.notification_topic, notifications__trigger=Trigger.INVITATION,
        notifications__channel=Channel.IN_APP,
    ).distinct().order_by("role", "real_name", "pk")
