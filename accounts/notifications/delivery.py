"""Sending outbox rows: claim atomically, send through the transport, record what happened.

At most once. Rows are claimed by one UPDATE … WHERE status='pending' RETURNING id (→ 'sending',
with a lease), a small group at a time, so two workers, or a task delivered twice, never send the
same row twice; the group is then sent concurrently, each send waiting its turn under the shared
rate limit. When a worker dies while a row is 'sending', nobody knows whether the provider got it;
once its lease runs out the sweeper marks it failed with failure='unknown' for staff to resend by
hand, rather than sending it again automatically: a missing SMS is visible and fixable, a second SMS
to a provincial committee member is not. Errors where the message surely did not go out (throttling,
no connection) are retried with exponential backoff.
"""

import logging
import os
import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.db import connection
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
    """Send these rows (those still pending and due), CLAIM_SIZE at a time: each group claimed by one
    UPDATE … RETURNING, sent concurrently on SEND_THREADS threads (each send waits for its turn under
    the shared rate limit), then each outcome recorded. Returns what happened, counted."""
    counts: dict[str, int] = {}
    size = max(1, settings.NOTIFY_CLAIM_SIZE)
    for start in range(0, len(ids), size):
        group = ids[start:start + size]
        claimed = claim_many(group)
        if len(claimed) < len(group):
            counts["skipped"] = counts.get("skipped", 0) + len(group) - len(claimed)
        if not claimed:
            continue
        rows = list(Notification.objects.select_related("recipient").filter(pk__in=claimed).order_by("pk"))
        results = list(_senders().map(_send, rows))
        for row, result in zip(rows, results, strict=True):
            record(row, result)
            counts[result.outcome] = counts.get(result.outcome, 0) + 1
    return counts


def claim_many(ids: list[int]) -> list[int]:
    """Claim the rows among `ids` that are pending and due, in one UPDATE … RETURNING: 'sending', one
    more attempt, a lease. A row another worker (or a second delivery of the task) claimed is left out."""
    if not ids:
        return []
    now = timezone.now()
    table = Notification._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, attempts = attempts + 1, lease_until = %s "  # noqa: S608 - names are ours
            f"WHERE id IN ({marks}) AND status = %s AND (not_before IS NULL OR not_before <= %s) RETURNING id",
            [Status.SENDING, now + timedelta(seconds=settings.NOTIFY_LEASE_SECONDS), *ids, Status.PENDING, now],
        )
        return [pk for (pk,) in cursor.fetchall()]


def claim(pk: int) -> bool:
    return bool(claim_many([pk]))


_pool: tuple[int, ThreadPoolExecutor] | None = None


def _senders() -> ThreadPoolExecutor:
    """This process's sending threads, kept for its life: each keeps its HTTP client (keep-alive
    connections to the provider) and its cache connection from one task to the next. Made again in
    a forked child (Celery's prefork pool)."""
    global _pool
    if _pool is None or _pool[0] != os.getpid():
        _pool = (os.getpid(), ThreadPoolExecutor(max(1, settings.NOTIFY_SEND_THREADS), thread_name_prefix="send"))
    return _pool[1]


def _send(row: Notification) -> Result:
    """One send, on a sending thread: wait for the rate limit, call the transport. The row comes loaded
    with its recipient: no database work here."""
    try:
        ratelimit.acquire(row.channel)
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
    # Not guarded by status='sending': if the sweeper gave up on the lease meanwhile, the provider's
    # definite answer is still the truth.
    rows = Notification.objects.filter(pk=row.pk).exclude(status__in=[Status.SENT, Status.DELIVERED, Status.REFUSED])
    if result.outcome == "sent":
        rows.update(status=Status.SENT, sent_at=now, provider_message_id=result.provider_message_id[:200],
                    lease_until=None, failure="", last_error="")
    elif result.outcome == "retry" and row.attempts < settings.NOTIFY_MAX_ATTEMPTS:
        delay = max(backoff(row.attempts), result.retry_after or 0)
        rows.update(status=Status.PENDING, not_before=now + timedelta(seconds=delay), queued_at=now,
                    lease_until=None, last_error=result.error)
        from ..tasks import deliver_notifications

        deliver_notifications.apply_async([[row.pk]], countdown=delay)
    elif result.outcome == "retry":
        error = _("Gave up after %(n)d attempts: %(error)s") % {"n": row.attempts, "error": result.error}
        rows.update(status=Status.FAILED, failure=Failure.EXHAUSTED, lease_until=None, last_error=error)
    elif result.outcome == "unknown":
        rows.update(status=Status.FAILED, failure=Failure.UNKNOWN, lease_until=None, last_error=result.error)
    else:
        rows.update(status=Status.FAILED, failure=Failure.PERMANENT, lease_until=None, last_error=result.error)


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
