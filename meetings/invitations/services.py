"""Inviting people to a consultation, resending what failed, reminding those who have not spoken.

Each invitee gets a personal, signed, single-use sign-in link (accounts.access) in a message on the
channels staff chose; the delivery status per invitee is read from the notification outbox rows,
whose keys make every action idempotent (a double click never sends twice).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import issue_links
from accounts.models import Channel, Notification, Trigger
from accounts.notifications import Message, notify_many, reachable_channels
from accounts.permissions import is_committee_staff

from ..models import Post, Status
from .selectors import INVITABLE_CHANNELS, unreached_people
from .shortlinks import short_code


def invitation_key(consultation) -> str:
    return f"invitation:{consultation.pk}"


def check_staff(user) -> None:
    if not is_committee_staff(user):
        raise PermissionDenied(_("Only committee staff can invite people."))


def check_open(consultation) -> None:
    if consultation.status != Status.PUBLISHED:
        raise ValidationError(_("Publish the consultation before inviting people; closed ones take no invitations."))


def render_invitation(consultation, person, link: str, note: str = "") -> tuple[str, str]:
    """Subject and text of one person's invitation."""
    subject = _("Invitation: %(title)s") % {"title": consultation.title}
    body = _(
        "%(name)s, %(organizer)s invites you to the online consultation “%(title)s”. "
        "Your personal link (for you only, valid %(days)d days, once): %(link)s"
    ) % {"name": person.shown_name, "organizer": consultation.organizer, "title": consultation.title,
         "days": settings.ACCESS_LINK_DAYS, "link": link}
    if note:
        body = f"{body}\n{note}"
    return subject, body


def sms_fields(consultation) -> dict:
    """What an invitation's SMS template may show: never a personal link (the template's text carries
    the site's fixed address, or a link variable the short code; the invitee signs in by SMS code)."""
    deadline = consultation.stages.aggregate(last=Max("ends_at"))["last"]
    return {"title": consultation.title, "organizer": consultation.organizer, "code": short_code(consultation),
            "deadline": deadline.isoformat() if deadline else ""}


def _messages(consultation, people, note: str, purpose: str, own_channels: bool = False) -> list[Message]:
    """One message per person; with `own_channels`, each goes on the channels that person has."""
    people = list(people)
    links = issue_links(people, consultation.get_absolute_url(), purpose=purpose)
    reachable = reachable_channels(people) if own_channels else {}
    fields = sms_fields(consultation)
    messages = []
    for person, link in zip(people, links, strict=True):
        subject, body = render_invitation(consultation, person, link, note)
        messages.append(Message(person, subject, body, link, {**fields, "name": person.shown_name},
                                channels=reachable.get(person.pk)))
    return messages


def invited_ids(consultation) -> set[int]:
    prefix = invitation_key(consultation) + ":"
    return set(Notification.objects.filter(key__startswith=prefix, channel=Channel.IN_APP)
               .values_list("recipient_id", flat=True))


def send_invitations(staff, consultation, *, people=(), departments=(), channels=(), note: str = "",
                     urgent: bool = False) -> int:
    """Invite people (members, leaders) and the officials of departments; returns how many were newly
    invited. People invited before are not sent a second invitation (use resend or remind). With no
    `channels` chosen, each person is invited on every channel they have."""
    check_staff(staff)
    check_open(consultation)
    channels = [c for c in channels if c in INVITABLE_CHANNELS]
    with transaction.atomic():
        people = list(people)
        if people:
            consultation.participants.add(*people)
        for department in departments:
            consultation.departments.add(department)
            people += list(department.officials.filter(is_active=True))
        already = invited_ids(consultation)
        fresh = list({p.pk: p for p in people if p.pk not in already and p.is_active}.values())
        if not fresh:
            raise ValidationError(_("Everyone chosen has been invited already; resend or remind them instead."))
        notify_many(_messages(consultation, fresh, note.strip(), f"invitation:{consultation.pk}",
                              own_channels=not channels),
                    Trigger.INVITATION, key=invitation_key(consultation), topic=consultation.notification_topic,
                    urgent=urgent, channels=channels or None)
    return len(fresh)


def resendable_people(consultation) -> tuple[list, list]:
    """(people not reached whom some channel can reach now, people no channel can reach)."""
    people = unreached_people(consultation)
    reachable = reachable_channels(people)
    return [p for p in people if reachable[p.pk]], [p for p in people if not reachable[p.pk]]


def resend_unreached(staff, consultation) -> int:
    """Send again, with a fresh link, to each invitee no channel reached, on every channel that can
    reach them now. People reached or with a message still on its way are left alone, so a double
    click sends nothing twice."""
    check_staff(staff)
    check_open(consultation)
    with transaction.atomic():
        people, _unreachable = resendable_people(consultation)
        if not people:
            raise ValidationError(_("Nobody is left to resend to: everyone was reached or has no channel on file."))
        latest = dict(Notification.objects.filter(topic=consultation.notification_topic, trigger=Trigger.INVITATION,
                                                  recipient__in=people).values_list("recipient_id").annotate(Max("pk")))
        for message in _messages(consultation, people, "", f"invitation:{consultation.pk}", own_channels=True):
            person = message.recipient
            notify_many([message], Trigger.INVITATION, topic=consultation.notification_topic,
                        key=f"invitation-resend:{consultation.pk}:{latest[person.pk]}")
    return len(people)


def silent_invitees(consultation) -> list:
    """Invited people who have not posted a speech in this consultation yet."""
    spoke = set(Post.objects.filter(consultation=consultation).values_list("author_id", flat=True))
    rows = Notification.objects.filter(key__startswith=invitation_key(consultation) + ":", channel=Channel.IN_APP)
    return [row.recipient for row in rows.select_related("recipient") if row.recipient_id not in spoke
            and row.recipient.is_active]


def remind_silent(staff, consultation, note: str = "") -> int:
    """Remind invitees who have not spoken, on their own preferred channels; once a day at most."""
    check_staff(staff)
    check_open(consultation)
    people = silent_invitees(consultation)
    if not people:
        raise ValidationError(_("Every invitee has spoken; nobody to remind."))
    today = timezone.localdate().isoformat()
    key = f"invitation-remind:{consultation.pk}:{today}"
    already = set(Notification.objects.filter(key__startswith=key + ":", channel=Channel.IN_APP)
                  .values_list("recipient_id", flat=True))
    people = [p for p in people if p.pk not in already]
    if not people:
        raise ValidationError(_("Everyone who has not spoken was already reminded today."))
    default_note = _("A reminder: your speech is awaited.")
    with transaction.atomic():
        notify_many(_messages(consultation, people, note.strip() or default_note, f"invitation:{consultation.pk}"),
                    Trigger.INVITATION, key=key, topic=consultation.notification_topic)
    return len(people)
