"""Which rows `notify` writes: in-app always, other channels by preference, fallback when unreachable."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import (
    Channel,
    Failure,
    Notification,
    NotificationPreference,
    NotificationSettings,
    Role,
    Trigger,
    User,
)
from accounts.notifications import Message, notify, notify_many
from tests.factories import MemberFactory, UserFactory

from .conftest import reachable_by_wechat

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def rows_of(user):
    return {row.channel: row for row in Notification.objects.filter(recipient=user)}


def test_member_invitation_goes_to_in_app_at_once_and_by_sms_after_commit(
        member, no_quiet_hours, django_capture_on_commit_callbacks):
    reachable_by_wechat(member)
    with django_capture_on_commit_callbacks(execute=True):
        notify(member, Trigger.INVITATION, key="invite:1", subject="邀请", body="请参加", url="http://x/c/1/")
    rows = rows_of(member)
    assert set(rows) == {Channel.IN_APP, Channel.SMS, Channel.WECHAT}
    assert rows[Channel.IN_APP].status == Notification.Status.DELIVERED
    assert rows[Channel.SMS].status == Notification.Status.SENT  # the console transport, in-process
    assert rows[Channel.SMS].address == member.phone
    assert rows[Channel.WECHAT].address == f"u{member.pk}"


def test_the_same_event_twice_writes_no_second_row(member, no_quiet_hours):
    for _ in range(2):
        notify(member, Trigger.INVITATION, key="invite:1", subject="邀请", body="请参加")
    assert Notification.objects.filter(recipient=member).count() == 3  # in-app, sms, wechat (failed: no identity)


def test_a_persons_preferences_override_the_role_defaults(member, no_quiet_hours):
    member.email = "m@example.org"
    member.save()
    NotificationPreference.objects.create(user=member, trigger=Trigger.INVITATION, channels=[Channel.EMAIL])
    notify(member, Trigger.INVITATION, key="invite:1", subject="邀请", body="请参加")
    assert set(rows_of(member)) == {Channel.IN_APP, Channel.EMAIL}


def test_no_wechat_identity_falls_back_to_the_next_channel_and_the_failure_is_visible(member, no_quiet_hours):
    NotificationPreference.objects.create(user=member, trigger=Trigger.STAGE_OPENED, channels=[Channel.WECHAT])
    notify(member, Trigger.STAGE_OPENED, key="stage:1", subject="阶段开始", body="…")
    rows = rows_of(member)
    assert rows[Channel.WECHAT].status == Notification.Status.FAILED
    assert rows[Channel.WECHAT].failure == Failure.NO_ADDRESS
    assert "改用短信发送" in rows[Channel.WECHAT].last_error  # "…; sent by SMS instead."
    assert rows[Channel.SMS].status == Notification.Status.PENDING


def test_fallback_follows_the_persons_own_order(member, no_quiet_hours):
    member.email = "m@example.org"
    member.save()
    NotificationSettings.objects.create(user=member, channel_order=[Channel.WECHAT, Channel.EMAIL, Channel.SMS])
    NotificationPreference.objects.create(user=member, trigger=Trigger.STAGE_OPENED, channels=[Channel.WECHAT])
    notify(member, Trigger.STAGE_OPENED, key="stage:1", subject="阶段开始", body="…")
    assert set(rows_of(member)) == {Channel.IN_APP, Channel.WECHAT, Channel.EMAIL}


def test_nobody_reachable_leaves_a_failed_row_with_the_reason(no_quiet_hours):
    person = UserFactory()  # public, no phone, no email
    notify(person, Trigger.INVITATION, key="invite:1", subject="邀请", body="…", channels=[Channel.SMS])
    row = rows_of(person)[Channel.SMS]
    assert (row.status, row.failure) == (Notification.Status.FAILED, Failure.NO_ADDRESS)
    assert row.last_error


def test_a_landline_is_not_an_sms_address(no_quiet_hours):
    person = MemberFactory(phone="+861062345678")
    notify(person, Trigger.INVITATION, key="invite:1", subject="邀请", body="…", channels=[Channel.SMS])
    assert rows_of(person)[Channel.SMS].failure == Failure.NO_ADDRESS


def test_public_people_get_only_the_in_app_notification_by_default():
    person = UserFactory(email="p@example.org")
    notify(person, Trigger.COMMENT_REPLIED, key="reply:1", subject="回复", body="…")
    assert set(rows_of(person)) == {Channel.IN_APP}


def test_quiet_hours_end_at_eight_local_time():
    from accounts.notifications.quiet import release_time

    night = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=SHANGHAI)
    assert release_time(night) == datetime.datetime(2026, 3, 2, 8, 0, tzinfo=SHANGHAI)
    assert release_time(datetime.datetime(2026, 3, 2, 7, 59, tzinfo=SHANGHAI)).hour == 8
    assert release_time(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=SHANGHAI)) is None
    assert release_time(datetime.datetime(2026, 3, 2, 21, 59, tzinfo=SHANGHAI)) is None


def test_quiet_hours_defer_non_urgent_sms_and_wechat(member, settings):
    member.email = "m@example.org"
    member.save()
    reachable_by_wechat(member)
    settings.NOTIFY_QUIET_HOURS = "00:00-23:59"  # always night, for this test
    notify(member, Trigger.INVITATION, key="invite:1", subject="邀请", body="…",
           channels=[Channel.SMS, Channel.WECHAT, Channel.EMAIL])
    notify(member, Trigger.INVITATION, key="invite:urgent", subject="紧急", body="…", urgent=True,
           channels=[Channel.SMS])
    rows = Notification.objects.filter(recipient=member)
    assert rows.get(key=f"invite:1:{member.pk}:sms").not_before is not None
    assert rows.get(key=f"invite:1:{member.pk}:wechat").not_before is not None
    assert rows.get(key=f"invite:1:{member.pk}:email").not_before is None
    assert rows.get(key=f"invite:urgent:{member.pk}:sms").not_before is None


def test_notify_many_uses_the_same_few_queries_for_10_and_for_500_people(
        django_assert_max_num_queries, no_quiet_hours):
    for size in (10, 500):
        people = User.objects.bulk_create(
            User(username=f"bulk{size}-{n}", role=Role.MEMBER, phone=f"+8613{size:03d}{n:06d}") for n in range(size))
        messages = [Message(p, "邀请", "…", f"http://x/{p.pk}") for p in people]
        # SQLite caps a statement at 999 parameters, so its bulk insert takes ~30 statements for 1,500
        # rows; PostgreSQL takes 2. Either way the count does not grow with the number of people.
        with django_assert_max_num_queries(50):
            notify_many(messages, Trigger.INVITATION, key=f"bulk:{size}")
        assert Notification.objects.filter(key__startswith=f"bulk:{size}:").count() == size * 3
