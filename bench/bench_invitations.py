"""10,000 invitations by SMS and WeChat through loopback fake providers and a real Celery worker on
Redis, with the worker restarted halfway: messages per second, and exactly one message per invitee
per channel (0 lost, 0 duplicated).

Needs PostgreSQL and Redis: DATABASE_URL and REDIS_URL, else postgres://postgres@127.0.0.1:5432/cc_h3
and redis://127.0.0.1:6379/3. The bench database is migrated and its bench rows are replaced each run.
"""

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TITLE = "Invitations: 10,000 people by SMS and WeChat, real Celery worker, worker restarted mid-run"
PEOPLE = int(os.environ.get("BENCH_INVITATIONS", "10000"))
RATE = 400  # per transport, messages per second (the fake providers throttle above 500)
PROCESSES = 4  # prefork processes of the worker, each sending on NOTIFY_SEND_THREADS threads


def _setup():
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cc_h3")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consultation.settings")
    import psycopg

    url = os.environ["DATABASE_URL"]
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run() -> str:
    _setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.urls import get_resolver
    from django.utils import timezone

    from accounts.models import Channel, Notification, NotificationSettings, Role, User
    from accounts.notifications.delivery import release_due
    from consultation.celery import app as celery_app
    from meetings.invitations.services import send_invitations
    from meetings.models import Consultation, Status
    from tests.fakes import FakeAliyunSms, FakeWeCom
    from tests.fakes.worker import database_url, provider_env, start_worker, stop, wait_for

    # Fresh bench rows (idempotent across runs).
    User.objects.filter(username__startswith="bench-").delete()
    Consultation.objects.filter(slug="bench-invitations").delete()
    with connection.cursor() as cursor:  # the earlier runs' dead rows gone, as autovacuum keeps a live database
        cursor.execute("VACUUM ANALYZE")
    staff = User.objects.create(username="bench-staff", role=Role.STAFF, is_staff=True, is_superuser=True)
    consultation = Consultation.objects.create(
        title="基准测试协商", slug="bench-invitations", theme="…", organizer="省政协", status=Status.PUBLISHED,
        published_at=timezone.now())
    people = User.objects.bulk_create(
        [User(username=f"bench-{n}", real_name=f"委员{n}", role=Role.MEMBER, phone=f"+86139{n:08d}")
         for n in range(PEOPLE)], batch_size=2000)
    NotificationSettings.objects.bulk_create(
        [NotificationSettings(user=p, wecom_userid=f"bench{p.pk}") for p in people], batch_size=2000)
    settings.NOTIFY_QUIET_HOURS = ""
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()

    with FakeAliyunSms(rate=500) as sms, FakeWeCom(rate=500) as wecom:
        env = {**provider_env("sms", "aliyun", sms.settings()), **provider_env("wechat", "wecom", wecom.settings()),
               "NOTIFY_QUIET_HOURS": "", "NOTIFY_SMS_RATE": str(RATE), "NOTIFY_WECHAT_RATE": str(RATE)}
        database = database_url(connection.settings_dict)
        worker = start_worker(database, settings.REDIS_URL, env, concurrency=PROCESSES, pool="prefork",
                              log_path="/tmp/bench-worker.log")
        time.sleep(3)  # let the worker connect before the flood
        get_resolver().check()  # URLs loaded, as in the web process that serves the invitations page
        load_before = os.getloadavg()
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        started = time.time()
        send_invitations(staff, consultation, people=people, channels=[Channel.SMS, Channel.WECHAT])
        enqueued = time.time()
        total = 2 * PEOPLE
        wait_for(lambda: len(sms.received) + len(wecom.received) >= total // 2, timeout=240, every=0.1)
        restart_at = len(sms.received) + len(wecom.received)
        halfway = time.time()
        stop(worker)
        restarted = time.time()  # warm shutdown: finishes the sends in hand; unstarted tasks go back to the queue
        worker = start_worker(database, settings.REDIS_URL, env, concurrency=PROCESSES, pool="prefork",
                              log_path="/tmp/bench-worker2.log")
        last_sweep = last_look = time.time()

        def done():
            nonlocal last_sweep, last_look
            if time.time() - last_sweep > 60:  # what beat does every minute, with the production settings
                release_due()
                last_sweep = time.time()
            # The database only when every message arrived, or every 5 s (a row may have failed): polling
            # the outbox twice a second competed with the workers for the database.
            if len(sms.received) + len(wecom.received) < total and time.time() - last_look < 5:
                return False
            last_look = time.time()
            return not Notification.objects.filter(topic=f"consultation:{consultation.pk}",
                                                   status__in=["pending", "sending"]).exists()

        wait_for(done, timeout=600, every=0.2)
        stop(worker)
        times = sorted(item["at"] for item in sms.received + wecom.received)
        finished = times[-1]
        resumed = next(at for at in times if at > restarted)  # the new worker's first message
        load_after = os.getloadavg()
        cpu_self, cpu_workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        sms_counts, wecom_counts = sms.counts(), wecom.counts()
        throttled = sms.throttled + wecom.throttled
    celery_app.control.purge()
    phones = [p.phone for p in people]
    userids = [f"bench{p.pk}" for p in people]
    lost = sum(1 for a in phones if sms_counts[a] == 0) + sum(1 for a in userids if wecom_counts[a] == 0)
    duplicated = sum(1 for a in phones if sms_counts[a] > 1) + sum(1 for a in userids if wecom_counts[a] > 1)
    statuses = dict(Notification.objects.filter(topic=f"consultation:{consultation.pk}").exclude(
        channel=Channel.IN_APP).values_list("status").annotate(n=Count("pk")))
    delivered = sum(sms_counts.values()) + sum(wecom_counts.values())
    seconds = finished - started
    return "\n".join([
        f"{PEOPLE:,} members invited by SMS (Alibaba Cloud fake) and WeChat (WeCom fake); one worker process, "
        f"{PROCESSES} prefork processes × {settings.NOTIFY_SEND_THREADS} sending threads (the defaults), rate limit "
        f"{RATE}/s per transport shared through Redis; the worker was stopped (warm shutdown) and a new one started "
        f"after {restart_at:,} of {total:,} messages. Load average (1, 5, 15 min) "
        f"{', '.join(f'{x:.1f}' for x in load_before)} before, {', '.join(f'{x:.1f}' for x in load_after)} after "
        "(2 cores, shared with other work).",
        "",
        "| figure | value |",
        "|---|---|",
        f"| writing {PEOPLE:,} invitations (links + {3 * PEOPLE:,} outbox rows, one transaction, COPY) "
        f"| {enqueued - started:.1f} s |",
        f"| messages delivered to the fake providers | {delivered:,} of {total:,} |",
        f"| first half: messages per second before the restart | {restart_at / (halfway - enqueued):.0f} |",
        f"| warm stop of the first worker | {restarted - halfway:.1f} s |",
        f"| new worker started → its first message | {resumed - restarted:.1f} s |",
        f"| second half: messages per second from the new worker's first message "
        f"| {sum(1 for at in times if at >= resumed) / (finished - resumed):.0f} |",
        f"| first invitation written → last message received | {seconds:.1f} s |",
        f"| messages per second (end to end) | {delivered / seconds:.0f} |",
        f"| invitees with no message on a channel (lost) | {lost} |",
        f"| invitees with more than one message on a channel (duplicated) | {duplicated} |",
        f"| provider throttling answers | {throttled} |",
        f"| CPU seconds: the two workers (all processes) / this process (the writing and the fake providers) "
        f"| {cpu_workers.ru_utime + cpu_workers.ru_stime:.0f} / "
        f"{cpu_self.ru_utime + cpu_self.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime:.0f} |",
        f"| outbox rows by status | {', '.join(f'{k}: {v:,}' for k, v in sorted(statuses.items()))} |",
    ])


if __name__ == "__main__":
    print(run())
