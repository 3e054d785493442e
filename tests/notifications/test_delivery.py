"""Sending rows: one claim per row, retries with backoff, interrupted sends never repeated."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Channel, Failure, Notification, Trigger
from accounts.notifications import notify
from accounts.notifications.delivery import claim, deliver_one, recover_interrupted, release_due
from accounts.tasks import deliver_notifications

pytestmark = pytest.mark.django_db
Status = Notification.Status


def sms_row(person, key="invite:1", **kwargs):
    notify(person, Trigger.INVITATION, key=key, subject="邀请", body="请参加", url="http://x/c/1/",
           channels=[Channel.SMS], **kwargs)
    return Notification.objects.get(recipient=person, channel=Channel.SMS, key__startswith=key + ":")


def test_console_transport_marks_the_row_sent_with_where_it_went(member, no_quiet_hours):
    row = sms_row(member)
    assert deliver_one(row.pk) == "sent"
    row.refresh_from_db()
    assert (row.status, row.attempts, row.address) == (Status.SENT, 1, member.phone)
    assert row.provider_message_id == f"console-{row.pk}" and row.sent_at


def test_email_goes_through_djangos_email_backend(member, mailoutbox, no_quiet_hours,
                                                  django_capture_on_commit_callbacks):
    member.email = "wei@example.org"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(member, Trigger.MINUTES_READY, key="minutes:1", subject="纪要已生成", body="请查阅", url="http://x/m/1")
    assert [m.to for m in mailoutbox] == [["wei@example.org"]]
    assert "http://x/m/1" in mailoutbox[0].body
    assert Notification.objects.get(recipient=member, channel=Channel.EMAIL).status == Status.SENT


def test_a_row_is_claimed_once_so_a_second_delivery_of_the_task_sends_nothing(member, aliyun):
    row = sms_row(member)
    assert claim(row.pk) is True
    assert claim(row.pk) is False
    assert deliver_one(row.pk) == "skipped"  # still 'sending' under the first claim
    assert aliyun.received == []


def test_the_same_task_delivered_twice_sends_one_sms(member, aliyun):
    row = sms_row(member)
    deliver_notifications.delay([row.pk])
    deliver_notifications.delay([row.pk])
    assert aliyun.counts() == {member.phone: 1}


def test_an_interrupted_send_is_marked_unknown_and_never_resent(member, aliyun):
    row = sms_row(member)
    claim(row.pk)  # a worker claimed it, then died before recording the outcome
    later = timezone.now() + timedelta(hours=1)
    assert release_due(now=later)["interrupted"] == 1
    row.refresh_from_db()
    assert (row.status, row.failure) == (Status.FAILED, Failure.UNKNOWN)
    assert "不会自动重发" in row.last_error
    release_due(now=later + timedelta(hours=1))
    deliver_one(row.pk)
    assert aliyun.received == []


def test_a_live_lease_is_left_alone(member, no_quiet_hours):
    row = sms_row(member)
    claim(row.pk)
    assert recover_interrupted() == 0
    assert Notification.objects.get(pk=row.pk).status == Status.SENDING


def wait_out(row):
    """Time passes: the row's delay (quiet hours, backoff) is over."""
    Notification.objects.filter(pk=row.pk).update(not_before=timezone.now() - timedelta(seconds=1))


def test_pending_rows_whose_task_was_lost_are_queued_again(member, aliyun, django_capture_on_commit_callbacks):
    row = sms_row(member)
    Notification.objects.filter(pk=row.pk).update(queued_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert release_due()["queued"] == 1
    assert aliyun.counts() == {member.phone: 1}
    assert release_due()["queued"] == 0


def test_rows_deferred_by_quiet_hours_go_out_when_released(member, settings, aliyun,
                                                           django_capture_on_commit_callbacks):
    settings.NOTIFY_QUIET_HOURS = "00:00-23:59"
    row = sms_row(member)
    assert row.not_before and row.queued_at is None
    assert release_due()["queued"] == 0
    wait_out(row)
    with django_capture_on_commit_callbacks(execute=True):
        assert release_due()["queued"] == 1
    assert aliyun.counts() == {member.phone: 1}


def test_throttling_is_retried_later_with_backoff(member, aliyun, settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_RETRY_BASE_SECONDS = 30
    aliyun.script(member.phone, "Throttling.User")
    row = sms_row(member)
    deliver_one(row.pk)
    row.refresh_from_db()
    assert row.status == Status.PENDING and row.attempts == 1
    assert "Throttling.User" in row.last_error
    assert row.not_before - timezone.now() > timedelta(seconds=20)
    wait_out(row)
    with django_capture_on_commit_callbacks(execute=True):
        release_due(now=timezone.now() + timedelta(hours=1))
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 2)
    assert aliyun.counts() == {member.phone: 1}


def test_backoff_doubles_and_retries_end_in_failure(member, aliyun, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    aliyun.script(member.phone, *["Throttling.User"] * 5)
    row = sms_row(member)
    delays = []
    for _ in range(3):
        deliver_one(row.pk)
        row.refresh_from_db()
        if row.status == Status.PENDING:
            delays.append((row.not_before - row.queued_at).total_seconds())
            wait_out(row)
    assert delays[1] > delays[0] * 1.5
    assert (row.status, row.failure, row.attempts) == (Status.FAILED, Failure.EXHAUSTED, 3)
    assert aliyun.received == []


def test_a_batch_sends_each_row_once_claiming_each_just_before_its_send(aliyun, django_assert_max_num_queries):
    from accounts.notifications.delivery import deliver_batch
    from tests import factories

    people = [factories.MemberFactory() for _ in range(12)]
    rows = [sms_row(person, key=f"invite:{n}") for n, person in enumerate(people)]
    assert claim(rows[0].pk) is True  # another worker holds this one
    ids = [row.pk for row in rows]
    with django_assert_max_num_queries(1 + 2 * 11):  # one load; per row sent, its claim and its outcome
        counts = deliver_batch(ids + ids)  # the task delivered with every row twice
    assert counts == {"skipped": 1, "sent": 11}
    assert aliyun.counts() == {person.phone: 1 for person in people[1:]}
    assert Notification.objects.filter(pk__in=ids, status=Status.SENT).count() == 11
