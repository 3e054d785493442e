"""A per-transport rate limit shared by every worker (through the cache, which is Redis when
REDIS_URL is set): at most `rate` sends per second per channel, the rest wait their turn."""

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
        key = f"notify:rate:{name}:{period}:{window}"
        cache.add(key, 0, timeout=int(period) + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # the window's key expired between add and incr
            continue
        if count <= allowance:
            return waited
        pause = (window + 1) * period - now + random.uniform(0, 0.01)
        time.sleep(pause)
        waited += pause
