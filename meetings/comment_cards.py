"""The comment cards of a speech page: rendered once per batch and content version, shared by readers.

The repeated comment card is the hot path of a long discussion. Anonymous readers, and members whose
view of the discussion is the common one (not staff, nothing of their own awaiting approval or
hidden), share one rendering per batch, language and set of rights (may comment, like, report). What
is theirs is put in afterwards: the CSRF token, the comments they liked (one query), no "Report" on
their own comments. Staff and members with pending or hidden comments get theirs rendered for them.
The view puts the comments this person liked in the context (`liked_comments`, selectors.likes_of).
"""

import re

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import selectors
from .templatetags.meetings_extras import with_pk

TEMPLATE = "meetings/partials/comment_cards.html"
TOKEN = "csrf-token-of-the-reader"  # stands in for the reader's token in the shared rendering
SECONDS = 600  # the key holds the content version: a write makes a new key, this only frees memory


class _AnyMember:
    """Who a shared members' rendering is made for: signed in, nobody in particular."""

    is_authenticated = True
    pk = None


def shared_key(request, context: dict, after: int | None) -> str | None:
    """The cache key of the shared rendering of the batch after thread `after` (None: the first), for this
    reader's set of rights; None when their view is their own (page.private)."""
    shared_as = "reader"
    if request.user.is_authenticated:
        shared_as = "member-" + "".join("1" if context[k] else "0" for k in ("can_comment", "can_like", "can_report"))
    return (f"meetings:cards:{context['post'].pk}:{context['version']}:{get_language()}:{after or 0}:"
            f"{shared_as}")


def render(request, context: dict, page) -> str:
    """The cards of `page` (selectors.comment_page) as HTML, from the shared rendering where it can be."""
    user = request.user
    if page.private:
        return render_to_string(TEMPLATE, {**context, "thread": selectors.comment_rows(page, user)}, request)
    key = shared_key(request, context, page.after)
    html = selectors.cached(key)
    if html is None:
        # Rendered as nobody in particular: no likes of anyone, the placeholder token.
        roots = selectors.comment_rows(page, AnonymousUser())
        reader = _AnyMember() if user.is_authenticated else AnonymousUser()
        html = render_to_string(TEMPLATE, {**context, "thread": roots, "csrf_token": TOKEN, "user": reader}, request)
        cache.set(key, html, SECONDS)
    if user.is_authenticated:
        html = _personal(html, request, context, page)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


def _personal(html: str, request, context: dict, page) -> str:
    html = html.replace(TOKEN, get_token(request))
    liked = context["liked_comments"]
    if liked:
        unliked = f'aria-pressed="false"><span aria-hidden="true">♡</span> {_("Like")} '
        pressed = f'aria-pressed="true"><span aria-hidden="true">♥</span> {_("Liked")} '
        for pk in liked:
            at = html.find(f'action="{with_pk(context["comment_like_url"], pk)}"')
            button = html.find(unliked, at) if at >= 0 else -1
            if button >= 0:
                html = html[:button] + pressed + html[button + len(unliked):]
    for pk in page.mine:  # nobody reports their own comment
        url = re.escape(with_pk(context["comment_report_url"], pk))
        html = re.sub(f'<a class="report-link" href="{url}"[^>]*>[^<]*</a>', "", html, count=1)
    return html
