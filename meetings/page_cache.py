"""Whole consultation and speech pages for anonymous readers, shared: by the language and the query string, made
again when the content version (bumped by every write) has moved on — but at most once every
STALE_SECONDS, so that readers of a busy meeting (members writing several times a second) still share
pages, at most STALE_SECONDS behind. Kept PAGE_SECONDS (the figures' own freshness).

Only requests without a session share a page: no one signed in, no messages waiting. The CSRF token
of the language form and the CSP nonce of the scripts differ per response and are put in on the way
out; the onlooker is counted on every request all the same (a Redis HyperLogLog), and a new visitor
still gets their cookie.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from . import onlookers, selectors
from .models import Consultation, Post
from .services import edition_key

PAGE_SECONDS = 15
STALE_SECONDS = 2
TOKEN = "csrf-token-of-the-reader"
NONCE = "csp-nonce-of-the-response"


def shareable(request) -> bool:
    """A plain GET of the whole page by someone without a session."""
    return (request.method == "GET" and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not (request.htmx and not request.htmx.history_restore_request))


def slug_key(slug: str) -> str:
    return f"meetings:page-of:{slug}"


def _page_key(consultation_id: int, request) -> str:
    path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    edition = selectors.cached(edition_key(consultation_id))
    if edition is None:
        edition = cache.get_or_set(edition_key(consultation_id), 0, None)
    return f"meetings:page:{consultation_id}:{edition}:{get_language()}:{path}"


def _served(request, html: str, content_type: str) -> HttpResponse:
    html = html.replace(TOKEN, get_token(request))
    if NONCE in html:
        html = html.replace(NONCE, str(request.csp_nonce))
    response = HttpResponse(html, content_type=content_type)
    patch_vary_headers(response, ("HX-Request", "HX-Target", "Cookie"))
    return onlookers.remember_visitor(request, response)


def cached(request, slug: str, post_id: int | None = None) -> HttpResponse | None:
    """The shared page (of the consultation, or of its speech `post_id`), if there is one for this path,
    version and language; the reader is counted as an onlooker (and a viewer of the speech) all the same."""
    consultation_id = selectors.cached(slug_key(slug))
    if consultation_id is None:
        return None
    stored = cache.get(_page_key(consultation_id, request))
    if stored is None:
        return None
    version, made_at, html, content_type = stored
    if version != selectors.content_version(consultation_id) and time.time() - made_at > STALE_SECONDS:
        return None
    onlookers.record_onlooker(request, Consultation(pk=consultation_id))
    if post_id is not None:
        onlookers.record_post_view(request, Post(pk=post_id))
    return _served(request, html, content_type)


def store(request, consultation: Consultation, version: int, response: HttpResponse) -> HttpResponse:
    """Keep a page rendered with TOKEN (at content `version`) for the next readers; serve it to this one."""
    html = response.content.decode()
    nonce = getattr(request, "csp_nonce", None)
    if nonce:  # the page's scripts carry the nonce of this response's Content-Security-Policy
        html = html.replace(f'nonce="{nonce}"', f'nonce="{NONCE}"')
    cache.set_many({
        slug_key(consultation.slug): consultation.pk,
        _page_key(consultation.pk, request): (version, time.time(), html, response["Content-Type"]),
    }, PAGE_SECONDS)
    return _served(request, html, response["Content-Type"])
