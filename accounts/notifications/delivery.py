"""Sending outbox rows: claim atomically, send through the transport, record what happened.

At most once. Each row is claimed by one UPDATE … WHERE status='pending' RETURNING (→ 'sending',
with a lease) by the very sending thread that then calls the provider at once, so two workers, or a
task delivered twice, never send the same row twice, and a claimed row is always a row in flight:
a worker killed mid-run leaves at most one 'sending' row per sending thread, each of which may have
gone out. Once its lease runs out the sweeper marks such a row failed with failure='unknown' for
staff to resend by hand, rather than sending it again automatically: a missing SMS is visible and
fixable, a second SMS to a provincial committee member is not. Errors where the message surely did
not go out (throttling, no connection) are retried with exponential backoff.
"""

import logging
import os
import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Failure, Notification
from . import ratelimit
from .transports import Result, get_transport

logger = logging.getLogger("accounts.notifications")
Status = Notification.Status
MAX_BACKOFF = 3600.0


def due(now):
    return Q(not_before__isnull=True) | Q(not_before__lte=now)


def deliver_batch(ids: list[int]) -> dict[str, int]:
    """Send these rows (those still pending and due), NOTIFY_SEND_THREADS at a time: each sending
    thread waits for the shared rate limit, claims its row and sends it at once, then records the
    outcome. Returns what happened, counted ('skipped': another worker or delivery had it)."""
    rows = list(Notification.objects.select_related("recipient").filter(pk__in=ids, status=Status.PENDING)
                .filter(due(timezone.now())).order_by("pk"))
    counts: dict[str, int] = {}
    if skipped := len(set(ids)) - len(rows):
        counts["skipped"] = skipped
    if connection.in_atomic_block or current_app.conf.task_always_eager:
        # No worker: the task runs in the process that queued it (development without Redis, tests),
        # maybe inside its transaction, whose rows other connections cannot see; and sending threads
        # would keep connections open there. Send here, one after the other.
        outcomes = [deliver_row(row) for row in rows]
    else:
        outcomes = list(_senders().map(_deliver_on_thread, rows))
    for outcome in outcomes:
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def deliver_row(row: Notification) -> str:
    """Claim one loaded row and send it right away; returns the outcome, or 'skipped' when the row was
    no longer pending. The rate limit is waited for before the claim, so a claimed row never waits."""
    ratelimit.acquire(row.channel)
    attempts = claim_row(row.pk)
    if attempts is None:
        return "skipped"
    row.status, row.attempts = Status.SENDING, attempts
    result = _send(row)
    record(row, result)
    return result.outcome


def _deliver_on_thread(row: Notification) -> str:
    close_old_connections()  # this thread's connection outlives tasks: drop it when broken or too old
    return deliver_row(row)


def claim_row(pk: int) -> int | None:
    """Claim the row if it is pending and due, in one UPDATE … RETURNING: 'sending', one more attempt,
    a lease. Returns its attempts, or None when another worker (or a second delivery of the task) has it."""
    now = timezone.now()
    table = Notification._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, attempts = attempts + 1, lease_until = %s "  # noqa: S608 - names are ours
            "WHERE id = %s AND status = %s AND (not_before IS NULL OR not_before <= %s) RETURNING attempts",
            [Status.SENDING, now + timedelta(seconds=settings.NOTIFY_LEASE_SECONDS), pk, Status.PENDING, now],
        )
        claimed = cursor.fetchone()
    return claimed[0] if claimed else None


def claim(pk: int) -> bool:
    return claim_row(pk) is not None


_pool: tuple[int, ThreadPoolExecutor] | None = None


def _senders() -> ThreadPoolExecutor:
    """This process's sending threads, kept for its life: each keeps its HTTP client (keep-alive
    connections to the provider), its database and its cache connection from one task to the next.
    Made again in a forked child (Celery's prefork pool)."""
    global _pool
    if _pool is None or _pool[0] != os.getpid():
        _pool = (os.getpid(), ThreadPoolExecutor(max(1, settings.NOTIFY_SEND_THREADS), thread_name_prefix="send"))
    return _pool[1]


def _send(row: Notification) -> Result:
    """One send, right after the claim. The row comes loaded with its recipient."""
    try:
        return get_transport(row.channel).send(row)
    except Exception as error:  # a fault in our own code mid-send: we cannot tell whether it went out
        logger.exception("notification %s: transport raised", row.pk)
        return Result.unknown(f"{type(error).__name__}: {error}")


def deliver_one(pk: int) -> str:
    """Send one row if it is still pending and due; returns what happened (for counting)."""
    return next(iter(deliver_batch([pk])))


def backoff(attempts: int) -> float:
    base = settings.NOTIFY_RETRY_BASE_SECONDS * (2 ** max(0, attempts - 1))
    return min(MAX_BACKOFF, base) * random.uniform(0.9, 1.1)


def record(row: Notification, result: Result) -> None:
    now = timezone.now()
    if result.outcome == "sent":
        _settle(row, status=Status.SENT, sent_at=now, provider_message_id=result.provider_message_id[:200],
                lease_until=None, failure="", last_error="")
    elif result.outcome == "retry" and row.attempts < settings.NOTIFY_MAX_ATTEMPTS:
        delay = max(backoff(row.attempts), result.retry_after or 0)
        _settle(row, status=Status.PENDING, not_before=now + timedelta(seconds=delay), queued_at=now,
                lease_until=None, last_error=result.error)
        from ..tasks import deliver_notifications

        deliver_notifications.apply_async([[row.pk]], countdown=delay)
    elif result.outcome == "retry":
        error = _("Gave up after %(n)d attempts: %(error)s") % {"n": row.attempts, "error": result.error}
        _settle(row, status=Status.FAILED, failure=Failure.EXHAUSTED, lease_until=None, last_error=error)
    elif result.outcome == "unknown":
        _settle(row, status=Status.FAILED, failure=Failure.UNKNOWN, lease_until=None, last_error=result.error)
    else:
        _settle(row, status=Status.FAILED, failure=Failure.PERMANENT, lease_until=None, last_error=result.error)


def _settle(row: Notification, **values) -> None:
    """Write an outcome, in plain SQL (the ORM's update was a fifth of a send's CPU). Not guarded by
    status='sending': if the sweeper gave up on the lease meanwhile, the provider's definite answer is
    still the truth; only a row already sent (or receipted) is left alone."""
    table = Notification._meta.db_table
    columns = ", ".join(f"{Notification._meta.get_field(name).column} = %s" for name in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {columns} WHERE id = %s AND status NOT IN (%s, %s, %s)",  # noqa: S608 - names are ours
            [*values.values(), row.pk, Status.SENT, Status.DELIVERED, Status.REFUSED],
        )


def recover_interrupted(now=None) -> int:
    """Rows left 'sending' past their lease (the worker died mid-send): failed, outcome unknown."""
    now = now or timezone.now()
    return Notification.objects.filter(status=Status.SENDING, lease_until__lt=now).update(
        status=Status.FAILED, failure=Failure.UNKNOWN, lease_until=None,
        last_error=_("The sender stopped while sending; it may or may not have arrived. "
                     "Not resent automatically, to avoid sending it twice."),
    )


def release_due(now=None, limit: int = 50_000) -> dict[str, int]:
    """The beat task: give up on expired leases, and queue pending rows that are due and not queued
    (after quiet hours, after a retry delay, or whose task was lost with a dead worker)."""
    from .routing import queue_due

    now = now or timezone.now()
    interrupted = recover_interrupted(now)
    stale = now - timedelta(seconds=settings.NOTIFY_REQUEUE_AFTER_SECONDS)
    ids = list(
        Notification.objects.filter(status=Status.PENDING).filter(due(now))
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=stale))
        .order_by("pk").values_list("pk", flat=True)[:limit]
    )
    from django.db import transaction

    with transaction.atomic():
        queue_due(ids, now)
    return {"interrupted": interrupted, "queued": len(ids)}
