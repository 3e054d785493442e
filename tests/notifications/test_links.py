"""Every message's link opens from a phone: `notify` makes each URL absolute with SITE_URL, whoever calls it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Notification
from accounts.notifications import notify
from accounts.notifications.routing import absolute_url
from departments import reminders
from departments import services as departments
from departments.models import Disposition, Score
from meetings import services as meetings
from meetings.invitations import services as invitations
from meetings.invitations.stages import announce_opened_stages
from meetings.minutes.services import tell_requester
from meetings.models import Compilation
from tests.factories import CommentFactory, DepartmentFactory, OfficialFactory, PostFactory, StageFactory

pytestmark = pytest.mark.django_db


def test_relative_links_get_the_site_address_and_absolute_ones_stay(settings, member):
    settings.SITE_URL = "https://xieshang.example.org"
    assert absolute_url("/c/x/#comment-3") == "https://xieshang.example.org/c/x/#comment-3"
    assert absolute_url("https://other.example.org/a") == "https://other.example.org/a"
    assert absolute_url("") == ""
    [row] = notify(member, "minutes_ready", key="t:1", subject="s", body="b", url="/c/x/minutes/", channels=[])
    assert row.url == "https://xieshang.example.org/c/x/minutes/"


def test_every_outbox_row_from_every_service_has_an_absolute_link(
        settings, staff, member, other_member, leader, official, department, consultation):
    settings.SITE_URL = "https://xieshang.example.org"
    settings.NOTIFY_QUIET_HOURS = ""
    # meetings: a reply to a comment, a stage opening, invitations, reminders, resends, minutes ready
    post = PostFactory(consultation=consultation, author=member)
    parent = CommentFactory(post=post, author=other_member)
    meetings.add_comment(member, post, "同意", parent=parent)
    StageFactory(consultation=consultation, starts_at=timezone.now() - timedelta(minutes=1))
    announce_opened_stages()
    invitations.send_invitations(staff, consultation, people=[member, leader], departments=[department])
    invitations.remind_silent(staff, consultation)
    leader.phone = "+8613912345678"
    leader.save()
    invitations.resend_unreached(staff, consultation)
    tell_requester(Compilation.objects.create(consultation=consultation, format="docx", requested_by=staff))
    # departments: assignment, claim, transfer, hand-back, reply, press, rating, reminders
    other = DepartmentFactory()
    consultation.departments.add(other)
    other.officials.add(OfficialFactory())
    departments.assign_aspect(staff, post, department)
    second = PostFactory(consultation=consultation, author=member)
    claim = departments.claim_aspect(official, second, department)
    departments.transfer_claim(staff, departments.claim_aspect(official, PostFactory(
        consultation=consultation, author=member), department), other, "请贵单位办理")
    departments.hand_back_claim(official, departments.claim_aspect(official, PostFactory(
        consultation=consultation, author=member), department), "不属本单位职责")
    reply = departments.publish_reply(official, claim, "已办理。", Disposition.RESOLVED)
    departments.press_claim(leader, claim, "请加快办理")
    departments.rate_reply(member, reply, Score.UNSATISFIED, "没解决")
    reminders.send_claim_reminders(on=timezone.localdate() + timedelta(days=60))

    rows = Notification.objects.exclude(url="")
    triggers = set(rows.values_list("trigger", flat=True))
    assert {"comment_replied", "stage_opened", "invitation", "minutes_ready", "claim_assigned", "speech_claimed",
            "speech_answered", "department_pressed", "reply_rated"} <= triggers
    relative = [(row.trigger, row.url) for row in rows if not row.url.startswith("https://xieshang.example.org/")]
    assert relative == []
    assert not Notification.objects.filter(url="").exclude(trigger="sign_in_code").exists()
