"""A per-transport rate limit shared by every worker (through the cache, which is Redis when
REDIS_URL is set): at most `rate` sends per second per channel, the rest wait their turn."""

import hashlib
import random
import time

from django.conf import settings
from django.core.cache import cache


def acquire(name: str) -> float:
    """Block until one send on `name` is allowed; returns the seconds waited."""
    rate = float(settings.NOTIFY_RATE_LIMITS.get(name) or 0)
    if rate <= 0:
        return 0.0
    period = 1.0 if rate >= 1 else 1.0 / rate
    allowance = max(1, int(rate * period))
    waited = 0.0
    while True:
        now = time.time()
        window = int(now // period)
        count = _count(f"notify:rate:{name}:{period}:{window}", int(period) + 5)
        if count <= allowance:
            return waited
        pause = (window + 1) * period - now + random.uniform(0, 0.01)
        time.sleep(pause)
        waited += pause


def recipient_wait(name: str, recipient: str, now: float | None = None) -> float:
    """Count one send to `recipient` on `name` against NOTIFY_RECIPIENT_LIMITS ((count, seconds) windows);
    0 when it may go now, else the seconds until the full window ends (the send is not counted then)."""
    now = time.time() if now is None else now
    person = hashlib.sha256(recipient.encode()).hexdigest()[:24]
    for limit, period in settings.NOTIFY_RECIPIENT_LIMITS.get(name, []):
        window = int(now // period)
        key = f"notify:recipient:{name}:{person}:{period}:{window}"
        count = _count(key, int(period) + 5)
        if count > limit:
            cache.decr(key)
            return (window + 1) * period - now
    return 0.0


def _count(key: str, timeout: int) -> int:
    """Add one to the window's counter and return it: one round trip on Redis (`FailSoftRedisCache.count`),
    add-then-incr on the other caches (tests without Redis)."""
    if hasattr(cache, "count"):
        return cache.count(key, timeout)
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # the window's key expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1
