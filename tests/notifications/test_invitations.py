"""Staff invite people with personal links, see delivery per invitee, resend failures, remind the silent."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Channel, Failure, Notification, Trigger
from meetings.invitations import services
from meetings.invitations.stages import announce_opened_stages
from tests.factories import MemberFactory, PostFactory, StageFactory

pytestmark = pytest.mark.django_db
Status = Notification.Status


@pytest.fixture
def invited(staff, consultation, member, leader, official, no_quiet_hours, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(staff, consultation, people=[member, leader],
                                  departments=list(consultation.departments.all()), channels=[Channel.SMS])
    return consultation


def test_each_invitee_gets_a_personal_link_on_the_chosen_channel(invited, member, leader, official):
    rows = Notification.objects.filter(topic=f"consultation:{invited.pk}", channel=Channel.SMS)
    assert {r.recipient_id for r in rows} == {member.pk, leader.pk, official.pk}
    links = {re.search(r"/me/link/[^/]+/", r.body).group(0) for r in rows}
    assert len(links) == 3  # personal: one link each
    member_row = rows.get(recipient=member)
    assert member_row.status == Status.SENT and "link" not in member_row.params  # SMS: no personal link


def test_inviting_again_sends_nothing_twice(staff, invited, member):
    with pytest.raises(ValidationError):
        services.send_invitations(staff, invited, people=[member], channels=[Channel.SMS])
    assert Notification.objects.filter(recipient=member, channel=Channel.SMS).count() == 1


def test_only_staff_invite(member, consultation, other_member):
    with pytest.raises(PermissionDenied):
        services.send_invitations(member, consultation, people=[other_member], channels=[Channel.SMS])


def test_a_draft_consultation_takes_no_invitations(staff, consultation, member):
    consultation.status = "draft"
    consultation.save()
    with pytest.raises(ValidationError):
        services.send_invitations(staff, consultation, people=[member], channels=[Channel.SMS])


def test_resend_goes_only_to_people_not_reached_and_once(staff, invited, member, leader, official,
                                                        django_capture_on_commit_callbacks):
    # The leader and the official have no phone number: their SMS was skipped, nothing reached them.
    skipped = Notification.objects.get(recipient=leader, channel=Channel.SMS, topic=f"consultation:{invited.pk}")
    assert skipped.failure == Failure.NO_ADDRESS
    leader.phone = "+8613912345678"
    leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.resend_unreached(staff, invited) == 1  # the leader; the official has no channel at all
    latest = Notification.objects.filter(recipient=leader, channel=Channel.SMS).order_by("-pk").first()
    assert latest.status == Status.SENT and latest.pk != skipped.pk
    assert Notification.objects.filter(recipient=member, channel=Channel.SMS).count() == 1  # reached: left alone
    with pytest.raises(ValidationError):
        services.resend_unreached(staff, invited)  # the leader is reached now; the official still has no channel
    assert Notification.objects.filter(recipient=leader, channel=Channel.SMS).count() == 2


def test_a_channel_that_does_not_apply_is_skipped_and_any_delivery_reaches_the_person(
        staff, consultation, member, no_quiet_hours, django_capture_on_commit_callbacks):
    from meetings.invitations.selectors import delivery_totals, invitation_status

    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(staff, consultation, people=[member], channels=[Channel.SMS, Channel.WECHAT])
    [invitee] = invitation_status(consultation)
    states = {channel: state for channel, _, state in invitee.cells()}
    assert states == {Channel.SMS: "delivered", Channel.WECHAT: "skipped"}  # no WeChat bound: skipped, not failed
    assert invitee.state == "reached"
    totals = delivery_totals(consultation)
    assert (totals["reached"], totals["not_reached"], totals["pending"]) == (1, 0, 0)


def test_by_default_each_person_is_invited_on_the_channels_they_have(
        staff, consultation, member, leader, no_quiet_hours):
    member.email = "li@example.org"
    member.save()
    services.send_invitations(staff, consultation, people=[member, leader], channels=[])
    external = Notification.objects.filter(topic=consultation.notification_topic).exclude(channel=Channel.IN_APP)
    assert sorted(external.filter(recipient=member).values_list("channel", flat=True)) == ["email", "sms"]
    assert not external.filter(recipient=leader).exists()  # nothing on file: in the app only, no failed rows


def test_totals_count_people_reached_not_reached_and_pending(staff, consultation, member, leader, official, settings):
    from meetings.invitations.selectors import delivery_totals

    settings.NOTIFY_QUIET_HOURS = "00:00-23:59"  # SMS waits: the member's invitation is pending
    services.send_invitations(staff, consultation, people=[member, leader], channels=[Channel.SMS])
    totals = delivery_totals(consultation)
    assert (totals["reached"], totals["not_reached"], totals["pending"]) == (0, 1, 1)
    assert (totals["done"], totals["total"], totals["waiting"]) == (1, 2, 1)
    assert not totals["sending"]  # held for the night: nothing to watch move


def test_page_shows_progress_that_polls_while_invitations_go_out(client, staff, consultation, member, leader,
                                                                  no_quiet_hours):
    services.send_invitations(staff, consultation, people=[member, leader], channels=[Channel.SMS])  # not sent yet
    client.force_login(staff)
    html = client.get(reverse("meetings:invitations", args=[consultation.slug])).content.decode()
    assert "1 / 2 人已完成" in html and 'hx-trigger="every 2s"' in html
    Notification.objects.filter(status=Status.PENDING).update(status=Status.SENT)
    partial = client.get(reverse("meetings:invitations_progress", args=[consultation.slug])).content.decode()
    assert "hx-trigger" not in partial and "<html" not in partial and "已送达" in partial


def test_progress_is_for_staff_only(client, member, consultation):
    client.force_login(member)
    assert client.get(reverse("meetings:invitations_progress", args=[consultation.slug])).status_code == 403
    client.logout()
    assert client.get(reverse("meetings:invitations_progress", args=[consultation.slug])).status_code == 302


def test_remind_reaches_only_those_who_have_not_spoken_and_once_a_day(staff, invited, member, leader):
    PostFactory(consultation=invited, author=member)
    assert services.remind_silent(staff, invited) == 2  # leader and official
    reminded = Notification.objects.filter(key__startswith=f"invitation-remind:{invited.pk}:", channel=Channel.IN_APP)
    assert member.pk not in {r.recipient_id for r in reminded}
    with pytest.raises(ValidationError):
        services.remind_silent(staff, invited)


def test_staff_page_shows_delivery_per_invitee(client, staff, invited, member, leader):
    client.force_login(staff)
    response = client.get(reverse("meetings:invitations", args=[invited.slug]))
    text = response.content.decode()
    assert response.status_code == 200
    assert member.shown_name in text and "已发送" in text and "已跳过" in text and "未登记手机号码" in text


def test_staff_page_refuses_others(client, member, consultation):
    client.force_login(member)
    assert client.get(reverse("meetings:invitations", args=[consultation.slug])).status_code == 403


def test_preview_shows_the_message_without_sending(client, staff, consultation, member):
    client.force_login(staff)
    response = client.post(reverse("meetings:invitations", args=[consultation.slug]),
                            {"members": [member.pk], "channels": ["sms"], "note": "请准时", "preview": "1"})
    assert "请准时" in response.content.decode() and consultation.title in response.content.decode()
    assert not Notification.objects.filter(recipient=member).exists()


def test_sending_from_the_page(client, staff, consultation, member, no_quiet_hours):
    client.force_login(staff)
    response = client.post(reverse("meetings:invitations", args=[consultation.slug]),
                           {"members": [member.pk], "channels": ["sms", "email"], "send": "1"}, follow=True)
    assert "1 份邀请正在发送" in response.content.decode()
    assert Notification.objects.filter(recipient=member, trigger=Trigger.INVITATION).count() == 3


def test_sending_with_nobody_chosen_is_refused(client, staff, consultation):
    client.force_login(staff)
    response = client.post(reverse("meetings:invitations", args=[consultation.slug]), {"send": "1"})
    assert "请至少选择" in response.content.decode()


def test_status_page_keeps_its_query_budget_with_10_and_500_invitees(
        client, staff, consultation, django_assert_max_num_queries, no_quiet_hours):
    from accounts.models import Role, User

    client.force_login(staff)
    url = reverse("meetings:invitations", args=[consultation.slug])
    for size in (10, 500):
        people = User.objects.bulk_create(
            User(username=f"i{size}-{n}", role=Role.MEMBER, phone=f"+8613{size:03d}{n:06d}") for n in range(size))
        services.send_invitations(staff, consultation, people=people, channels=[Channel.SMS])
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200


def test_a_stage_opening_is_announced_once(consultation, member, no_quiet_hours):
    consultation.stages.update(opening_announced_at=None)
    assert announce_opened_stages() == 1
    assert announce_opened_stages() == 0
    rows = Notification.objects.filter(recipient=member, trigger=Trigger.STAGE_OPENED)
    assert rows.filter(channel=Channel.IN_APP).count() == 1


def test_a_future_stage_is_not_announced_yet(consultation):
    from datetime import timedelta

    from django.utils import timezone

    consultation.stages.all().delete()
    StageFactory(consultation=consultation, starts_at=timezone.now() + timedelta(days=1),
                 ends_at=timezone.now() + timedelta(days=3))
    assert announce_opened_stages() == 0
    MemberFactory()  # unrelated people are never told
    assert not Notification.objects.filter(trigger=Trigger.STAGE_OPENED).exists()
