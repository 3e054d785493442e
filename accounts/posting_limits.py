"""How often one person may write: a sliding window per person and kind of writing, kept in the cache.

`settings.POSTING_RATE_LIMITS` maps a kind ("speech", "comment") to "COUNT/PERIOD", the period in
seconds, minutes or hours ("5/10m": five in any ten minutes); an empty value turns the limit off.
The services call `consume(person, kind)` just before they write, so every way in (the pages, htmx,
the admin, a script) is held to the same pace.

The cache is shared by every web process (Redis in production). A limit against floods must not
take posting down with it: when the cache cannot be reached, the write goes ahead and a warning is
logged (fail open). allauth's rate limiter (allauth.core.ratelimit) is request-bound and configured
through allauth's own settings, so the services keep this small one instead.
"""

import logging
import math
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smh])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600}
LOCK_SECONDS = 5
LOCK_WAIT_SECONDS = 0.5


class RateLimited(PermissionDenied):
    """Refused for now: the message says how long to wait; `retry_after` is in whole seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.message, self.retry_after = message, retry_after


def parse_rate(rate: str) -> tuple[int, int] | None:
    """ "5/10m" → (5, 600); "" → None (no limit)."""
    if not (rate or "").strip():
        return None
    match = _RATE.match(rate)
    if not match:
        raise ImproperlyConfigured(f"A posting rate looks like 5/10m or 20/1m, not {rate!r}.")
    count, amount, unit = match.groups()
    return int(count), int(amount or 1) * _UNITS[unit]


def _wait_text(seconds: int) -> str:
    if seconds >= 60:
        minutes = math.ceil(seconds / 60)
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}


def consume(person, kind: str) -> None:
    """Count one `kind` of writing by `person`, or raise RateLimited if they reached the limit."""
    rate = parse_rate(settings.POSTING_RATE_LIMITS.get(kind, ""))
    if rate is None or not getattr(person, "pk", None):
        return
    count, period = rate
    key = f"posting-limit:{kind}:{person.pk}"
    try:
        _consume(key, count, period)
    except RateLimited:
        raise
    except Exception:  # the cache is down: let the write through, and say so
        logger.warning("posting limit for %s not applied: the cache cannot be reached", kind, exc_info=True)


def _consume(key: str, count: int, period: int) -> None:
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    locked = cache.add(f"{key}:lock", 1, LOCK_SECONDS)
    while not locked and time.monotonic() < deadline:
        time.sleep(0.02)
        locked = cache.add(f"{key}:lock", 1, LOCK_SECONDS)
    try:
        now = time.time()
        recent = [moment for moment in cache.get(key, []) if moment > now - period]
        if len(recent) >= count:
            retry_after = max(1, math.ceil(min(recent, default=now) + period - now))
            raise RateLimited(_("You are writing faster than this site allows. Please try again in %(wait)s.")
                              % {"wait": _wait_text(retry_after)}, retry_after)
        recent.append(now)
        cache.set(key, recent, period)
    finally:
        if locked:
            cache.delete(f"{key}:lock")
