"""Onlookers: unique viewers of a consultation, signed in or not, counted cheaply at high traffic.

With Redis configured, each consultation has a HyperLogLog (PFADD/PFCOUNT: about 12 KB whatever the
number of visitors, ~1% error); without it, one `Onlooker` row per visitor. Either way a visitor
already seen recently costs one cache lookup and no write, and `Consultation.onlooker_count` is
refreshed at most every SYNC_SECONDS so lists can show it without asking Redis.

Anonymous visitors are recognised by a long-lived cookie; before they have one, by a hash of their
address and browser, which becomes their cookie.
"""

import hashlib
import logging
import secrets
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from .models import Consultation, Onlooker, Post

COOKIE = "cc_visitor"
COOKIE_AGE = 400 * 24 * 3600
SEEN_SECONDS = 6 * 3600
SYNC_SECONDS = 30
logger = logging.getLogger("meetings.onlookers")


@memoize
def _client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def _redis():
    return _client(settings.REDIS_URL)


def _counting() -> bool:
    """False while the cache says Redis is down: counting is skipped rather than slowing pages."""
    return getattr(cache, "available", True)


def _hll_key(consultation_id: int) -> str:
    return f"meetings:onlookers:{consultation_id}"


def visitor_id(request) -> str:
    """A stable, non-identifying key for whoever is looking: the user, or the visitor cookie."""
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    cookie = request.COOKIES.get(COOKIE, "")
    if cookie.isalnum() and 16 <= len(cookie) <= 40:
        return f"a{cookie}"
    if not hasattr(request, "_new_visitor"):
        basis = f"{request.META.get('REMOTE_ADDR', '')}|{request.META.get('HTTP_USER_AGENT', '')}"
        if basis == "|":
            request._new_visitor = secrets.token_hex(16)
        else:
            request._new_visitor = hashlib.sha256((settings.SECRET_KEY + basis).encode()).hexdigest()[:32]
    return f"a{request._new_visitor}"


def remember_visitor(request, response):
    """Give a new anonymous visitor their cookie, so they count once."""
    new = getattr(request, "_new_visitor", None)
    if new and not request.user.is_authenticated:
        response.set_cookie(COOKIE, new, max_age=COOKIE_AGE, httponly=True, samesite="Lax",
                            secure=request.is_secure() or settings.SESSION_COOKIE_SECURE)
    return response


def _sync_count(consultation: Consultation, count: int) -> None:
    if cache.add(f"meetings:onlookers:synced:{consultation.pk}", 1, SYNC_SECONDS):
        Consultation.objects.filter(pk=consultation.pk).update(onlooker_count=count)
    consultation.onlooker_count = count


def record_onlooker(request, consultation: Consultation) -> None:
    """Count this visitor once per consultation; with Redis down, not at all (logged)."""
    visitor = visitor_id(request)
    if not _counting() or not cache.add(f"meetings:seen:{consultation.pk}:{visitor}", 1, SEEN_SECONDS):
        return  # seen recently: nothing to write
    if settings.REDIS_URL:
        import redis

        client = _redis()
        try:
            if client.pfadd(_hll_key(consultation.pk), visitor):
                _sync_count(consultation, client.pfcount(_hll_key(consultation.pk)))
        except redis.RedisError as error:
            logger.warning("Onlookers not counted, Redis unavailable: %s", error)
        return
    try:
        with transaction.atomic():
            Onlooker.objects.create(consultation=consultation, visitor=visitor)
    except IntegrityError:
        return  # counted before
    Consultation.objects.filter(pk=consultation.pk).update(onlooker_count=F("onlooker_count") + 1)
    consultation.onlooker_count += 1


def onlooker_count(consultation: Consultation) -> int:
    """How many different people have looked at this consultation."""
    if settings.REDIS_URL and _counting():
        try:
            return _redis().pfcount(_hll_key(consultation.pk))
        except Exception:  # noqa: BLE001 - Redis down: the last stored figure is good enough to show
            return consultation.onlooker_count
    return consultation.onlooker_count


def record_post_view(request, post: Post) -> None:
    """A speech's view count goes up once per visitor (per SEEN_SECONDS), with one UPDATE; with
    Redis down (no way to tell who was seen), not at all."""
    if _counting() and cache.add(f"meetings:viewed:{post.pk}:{visitor_id(request)}", 1, SEEN_SECONDS):
        Post.objects.filter(pk=post.pk).update(view_count=F("view_count") + 1)
        post.view_count += 1
