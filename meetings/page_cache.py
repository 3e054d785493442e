"""Whole consultation and speech pages for anonymous readers, shared: by the language and the query string, made
again when the content version (bumped by every write) has moved on — but at most once every
STALE_SECONDS, so that readers of a busy meeting (members writing several times a second) still share
pages, at most STALE_SECONDS behind. Kept PAGE_SECONDS (the figures' own freshness).

Signed-in members who are not staff share the part of the consultation page below the site header
(`consultation_main`): the same for everyone who sees the same figures, stages, speaking rule and feed.

Only requests without a session share a whole page: no one signed in, no messages waiting. The CSRF token
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
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import onlookers, selectors
from .models import Consultation, Post
from .services import edition_key

PAGE_SECONDS = 15
MAIN_TEMPLATE = "meetings/partials/consultation_main.html"
MAIN_SECONDS = 60  # the key holds the content version and all that varies: this only frees memory
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


def _shareable_html(request, response: HttpResponse) -> str:
    html = response.content.decode()
    nonce = getattr(request, "csp_nonce", None)
    if nonce:  # the page's scripts carry the nonce of this response's Content-Security-Policy
        html = html.replace(f'nonce="{nonce}"', f'nonce="{NONCE}"')
    return html


def shared(request, key: str) -> HttpResponse | None:
    """A page another reader's request kept under `key` (which says all the page depends on), if any."""
    stored = cache.get(key)
    return None if stored is None else _served(request, *stored)


def share(request, key: str, response: HttpResponse) -> HttpResponse:
    """Keep a page rendered with TOKEN under `key` for the next readers; serve it to this one."""
    html = _shareable_html(request, response)
    cache.set(key, (html, response["Content-Type"]), PAGE_SECONDS)
    return _served(request, html, response["Content-Type"])


def store(request, consultation: Consultation, version: int, response: HttpResponse) -> HttpResponse:
    """Keep a page rendered with TOKEN (at content `version`) for the next readers; serve it to this one."""
    html = _shareable_html(request, response)
    cache.set_many({
        slug_key(consultation.slug): consultation.pk,
        _page_key(consultation.pk, request): (version, time.time(), html, response["Content-Type"]),
    }, PAGE_SECONDS)
    return _served(request, html, response["Content-Type"])


def main_key(request, context: dict) -> str | None:
    """The key of the consultation page's main part as members share it; None for staff and readers
    who are not signed in (staff see their tools; anonymous readers share whole pages)."""
    user = request.user
    if not user.is_authenticated or context["is_staff"]:
        return None
    consultation, now = context["consultation"], context["now"]
    varies = (
        context["feed_key"], str(context["speak_refusal"]), user.is_member, sorted(context["figures"].items()),
        [(stage.pk, stage in context["current_stages"], stage.ends_at <= now) for stage in consultation.stages.all()],
    )
    digest = hashlib.md5(repr(varies).encode(), usedforsecurity=False).hexdigest()
    edition = selectors.cached(edition_key(consultation.pk))  # moves at once when the consultation changes
    return f"meetings:main:{consultation.pk}:{edition}:{context['version']}:{get_language()}:{digest}"


def consultation_main(request, context: dict) -> str:
    """The consultation page below the site header: for members (main_key) from the rendering they share,
    made once per content version, language, figures, stage states, speaking rule and feed query."""
    key = main_key(request, context)
    html = selectors.cached(key) if key else None
    if html is None:
        html = render_to_string(MAIN_TEMPLATE, context, request)
        if key:
            cache.set(key, html, MAIN_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there
