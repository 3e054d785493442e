"""A real Celery worker over Redis, killed with SIGKILL mid-send: never a second SMS.

The fake SMS provider stalls on the first recipient after recording the request, as a slow provider
would; the worker is killed while it waits. A second worker then receives the same task again (as
a broker redelivers an unacknowledged task) and the sweeper runs: the interrupted row is marked
'unknown' for staff, the untouched one is sent, and each phone got exactly one message.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Channel, Failure, Notification, Trigger
from accounts.notifications import Message, notify_many
from accounts.notifications.delivery import release_due
from accounts.tasks import deliver_notifications
from tests.factories import MemberFactory
from tests.fakes import FakeAliyunSms
from tests.fakes.worker import database_url, kill, provider_env, start_worker, stop, wait_for

pytestmark = [pytest.mark.real_services, pytest.mark.django_db(transaction=True)]
Status = Notification.Status


def test_worker_killed_mid_send_never_sends_a_second_sms(real_broker, settings, tmp_path):
    settings.NOTIFY_QUIET_HOURS = ""
    first, second, third = MemberFactory(), MemberFactory(), MemberFactory()
    with FakeAliyunSms() as fake:
        fake.stall_addresses.add(first.phone)
        env = provider_env("sms", "aliyun", fake.settings()) | {"NOTIFY_QUIET_HOURS": ""}
        database = database_url(connection.settings_dict)
        worker = start_worker(database, real_broker, env, log_path=str(tmp_path / "worker1.log"))
        try:
            rows = notify_many([Message(first, "邀请", "…", "http://x/1"), Message(second, "邀请", "…", "http://x/2")],
                               Trigger.INVITATION, key="kill-test", channels=[Channel.SMS])
            sms = sorted((r for r in rows if r.channel == Channel.SMS), key=lambda r: r.recipient_id)
            assert fake.stalled.wait(timeout=90), (tmp_path / "worker1.log").read_text()
            kill(worker)  # mid-send: the provider has the request, the worker never hears back
        finally:
            kill(worker)
        fake.release.set()
        assert Notification.objects.get(pk=sms[0].pk).status == Status.SENDING
        assert Notification.objects.get(pk=sms[1].pk).status == Status.PENDING

        worker = start_worker(database, real_broker, env, log_path=str(tmp_path / "worker2.log"))
        try:
            deliver_notifications.delay([row.pk for row in sms])  # the broker hands the task out again
            later = timezone.now() + timedelta(
                seconds=settings.NOTIFY_LEASE_SECONDS + settings.NOTIFY_REQUEUE_AFTER_SECONDS + 1)
            release_due(now=later)  # the sweeper: lease expired → unknown; lost pending row → queued again
            assert wait_for(lambda: Notification.objects.get(pk=sms[1].pk).status == Status.SENT, timeout=90), (
                (tmp_path / "worker2.log").read_text())
            deliver_notifications.delay([row.pk for row in sms])  # and once more, for good measure
            # A sentinel behind it in the queue: once it is sent, the worker has handled everything before it.
            written = notify_many([Message(third, "邀请", "…")], Trigger.INVITATION, key="sentinel",
                                  channels=[Channel.SMS])
            [sentinel] = [row for row in written if row.channel == Channel.SMS]
            assert wait_for(lambda: Notification.objects.get(pk=sentinel.pk).status == Status.SENT, timeout=90)
        finally:
            stop(worker)

    interrupted = Notification.objects.get(pk=sms[0].pk)
    assert (interrupted.status, interrupted.failure) == (Status.FAILED, Failure.UNKNOWN)
    assert Notification.objects.get(pk=sms[1].pk).status == Status.SENT
    assert fake.counts() == {first.phone: 1, second.phone: 1, third.phone: 1}
