"""A real Celery worker over Redis, killed with SIGKILL mid-send: never a second SMS, never a claimed row
that was not on its way.

The worker sends on two threads. The fake SMS provider stalls on two recipients after recording their
requests, as a slow provider would; the worker is killed while both threads wait. Every row it had
claimed must be one the provider had received (a claimed row is always in flight): the rest are still
pending, not stranded as 'sending'. A second worker then receives the same task again (as a broker
redelivers an unacknowledged task) and the sweeper runs: the interrupted rows are marked 'unknown'
for staff, the untouched ones are sent, and each phone got exactly one message.
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
    people = [MemberFactory() for _ in range(6)]
    slow = {people[1].phone, people[4].phone}
    with FakeAliyunSms() as fake:
        fake.stall_addresses |= slow
        env = provider_env("sms", "aliyun", fake.settings()) | {"NOTIFY_QUIET_HOURS": "", "NOTIFY_SEND_THREADS": "2"}
        database = database_url(connection.settings_dict)
        worker = start_worker(database, real_broker, env, log_path=str(tmp_path / "worker1.log"))
        try:
            rows = notify_many([Message(person, "邀请", "…", f"http://x/{n}") for n, person in enumerate(people)],
                               Trigger.INVITATION, key="kill-test", channels=[Channel.SMS])
            sms = [row.pk for row in rows if row.channel == Channel.SMS]
            assert wait_for(lambda: slow <= set(fake.counts()), timeout=90), (tmp_path / "worker1.log").read_text()
            kill(worker)  # mid-send on both threads: the provider has the requests, the worker never hears back
        finally:
            kill(worker)
        fake.release.set()
        at_kill = dict(Notification.objects.filter(pk__in=sms).values_list("address", "status"))
        received = set(fake.counts())
        assert {phone for phone, status in at_kill.items() if status == Status.SENDING} == slow
        assert all(status == Status.SENT for phone, status in at_kill.items() if phone in received - slow)
        assert all(status == Status.PENDING for phone, status in at_kill.items() if phone not in received)

        worker = start_worker(database, real_broker, env, log_path=str(tmp_path / "worker2.log"))
        try:
            deliver_notifications.delay(sms)  # the broker hands the task out again
            later = timezone.now() + timedelta(
                seconds=settings.NOTIFY_LEASE_SECONDS + settings.NOTIFY_REQUEUE_AFTER_SECONDS + 1)
            release_due(now=later)  # the sweeper: leases expired → unknown; lost pending rows → queued again
            assert wait_for(lambda: not Notification.objects.filter(pk__in=sms, status=Status.PENDING).exists(),
                            timeout=90), (tmp_path / "worker2.log").read_text()
            deliver_notifications.delay(sms)  # and once more, for good measure
            # A sentinel behind it in the queue: once it is sent, the worker has handled everything before it.
            sentinel_person = MemberFactory()
            written = notify_many([Message(sentinel_person, "邀请", "…")], Trigger.INVITATION, key="sentinel",
                                  channels=[Channel.SMS])
            [sentinel] = [row for row in written if row.channel == Channel.SMS]
            assert wait_for(lambda: Notification.objects.get(pk=sentinel.pk).status == Status.SENT, timeout=90)
        finally:
            stop(worker)

    outcomes = {row.address: (row.status, row.failure) for row in Notification.objects.filter(pk__in=sms)}
    assert outcomes == {person.phone: (Status.FAILED, Failure.UNKNOWN) if person.phone in slow else (Status.SENT, "")
                        for person in people}
    assert fake.counts() == {phone: 1 for phone in [*(p.phone for p in people), sentinel_person.phone]}
