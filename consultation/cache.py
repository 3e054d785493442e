"""Django's Redis cache, made fail-soft: when Redis is down, the site keeps serving.

Everything this project keeps in the cache can be recomputed or lost (fragments, figures, QR
images, "seen recently" markers, rate-limit windows), so an unreachable Redis turns every cache
call into a miss instead of a 500: reads return the default, writes do nothing, `add` answers
True (the caller goes ahead as though it were first: allauth's rate limits therefore fail open
rather than lock everyone out), `incr` answers the delta. The first failure is logged as a warning
and Redis is left alone for RETRY_SECONDS, so an outage costs one connection attempt per process
per window, not one per call. `available` tells callers that would rather skip work (onlooker
counting) whether Redis answered lately.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("consultation.cache")

RETRY_SECONDS = 5.0
OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)


class ClientPerPool(RedisCacheClient):
    """Django's client makes a new redis.Redis for every cache call, and redis-py fills a 170-entry
    table of response callbacks in each (cProfile of sending a notification: 15 % of its CPU). One
    client per connection pool, made once: redis-py clients are thread-safe and fork-safe."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if (client := self._clients.get(id(pool))) is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1,
                                        **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = ClientPerPool
        self._down_until = 0.0

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _call(self, operation: str, fallback, function, *args, **kwargs):
        if not self.available:
            return fallback
        try:
            return function(*args, **kwargs)
        except OUTAGE as error:
            self._down_until = time.monotonic() + RETRY_SECONDS
            logger.warning("Redis cache unavailable (%s: %s); serving without cache for %ss",
                           operation, error, RETRY_SECONDS)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", delta, super().incr, key, delta, version)

    def count(self, key, timeout, version=None) -> int:
        """Add one to a counter that lives `timeout` seconds from its first count, and return it: one
        round trip, two for the first count (Django's add + incr take three). Redis down: 1, so a rate
        limit fails open. Callers name a new key per window, so a process dying between INCR and
        EXPIRE leaves one stale key, never a counter that stops counting."""
        key = self.make_and_validate_key(key, version=version)

        def count():
            client = self._cache.get_client(key, write=True)
            value = client.incr(key)
            if value == 1:
                client.expire(key, timeout)
            return value

        return self._call("count", 1, count)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", [], super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._call("clear", False, super().clear)
