"""Reads the meeting pages need, with their joins in one place.

Every page runs a fixed number of queries, however many speeches, comments and likes there are.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Sum
from django.http import Http404
from django.utils import timezone

from . import permissions
from .models import (
    Attachment,
    AttachmentOwner,
    Comment,
    CommentLike,
    Consultation,
    Post,
    PostLike,
    Report,
    ResponseState,
    Status,
)
from .onlookers import onlooker_count
from .services import content_version_key, edition_key, figures_cache_key

PAGE_SIZE = 20
FIGURES_SECONDS = 15
CONSULTATION_SECONDS = 60
FIGURES_FRESH_SECONDS = 2
POST_SECONDS = 15
THREADS_SECONDS = 600  # the key holds the content version: a write makes a new key
COMMENT_PAGE_SIZE = 50  # comments on a speech's first screen (and in each further batch), whole threads
THREAD_LEVELS = 3  # comment levels shown nested; deeper replies are listed flat under the third


# --- Cache reads of one request ---------------------------------------------------------------------

_read_ahead: ContextVar[dict | None] = ContextVar("meetings_read_ahead", default=None)
_pk_of_slug: dict[str, int] = {}  # consultations this process has loaded: slug → pk, to name their keys


@contextmanager
def reading_ahead(slug: str, *more: str, figures=False):
    """The cache keys a meeting page reads first (the consultation, its edition and content version, its
    figures when asked, and `more`), fetched in one round trip; read_more adds keys known later. Only
    values found are kept, and only for the `with` block (one request): a miss, or a key not read ahead,
    asks the cache."""
    keys = [_consultation_key(slug), *more]
    pk = _pk_of_slug.get(slug)
    if pk is not None:
        keys += [edition_key(pk), content_version_key(pk)] + ([figures_cache_key(pk)] if figures else [])
    token = _read_ahead.set(cache.get_many(keys))
    try:
        yield
    finally:
        _read_ahead.reset(token)


def read_more(*keys: str) -> None:
    """Within reading_ahead: these keys too, in one more round trip."""
    ahead = _read_ahead.get()
    if ahead is not None:
        ahead.update(cache.get_many([key for key in keys if key not in ahead]))


def cached(key: str):
    """The cache's value for `key` (None when missing): as read ahead in this request, else asked now."""
    ahead = _read_ahead.get()
    if ahead is not None and key in ahead:
        return ahead[key]
    return cache.get(key)


def _forget(key: str) -> None:
    """A value this request wrote: read it from the cache again if asked."""
    ahead = _read_ahead.get()
    if ahead is not None:
        ahead.pop(key, None)


def _consultation_key(slug: str) -> str:
    return f"meetings:consultation-of:{slug}"


def consultation_for(user, slug) -> Consultation:
    """The consultation if this person may see it; 404 otherwise, so titles never leak."""
    consultation = _consultation_of(slug)
    if consultation is None or not permissions.can_view(user, consultation):
        raise Http404
    return consultation


def _consultation_of(slug) -> Consultation | None:
    """The consultation with its stages and sub-topics: from the cache while its edition holds (any
    change to it, its stages or sub-topics moves the edition on), else three queries."""
    key = _consultation_key(slug)
    stored = cached(key)
    if stored is not None and stored[1] is not None and cached(edition_key(stored[0])) == stored[1]:
        _pk_of_slug[slug] = stored[0]
        return stored[2]
    # the edition read before the rows: a change committed in between leaves a stale copy unused
    edition = cache.get_or_set(edition_key(stored[0]), 0, None) if stored is not None else None
    consultation = Consultation.objects.filter(slug=slug).prefetch_related("stages", "subtopics").first()
    if consultation is not None:
        if stored is None or stored[0] != consultation.pk:
            edition = None  # first time: kept only from the next read on, once its edition is known
            cache.get_or_set(edition_key(consultation.pk), 0, None)
        cache.set(key, (consultation.pk, edition, consultation), CONSULTATION_SECONDS)
        _forget(key)
        _pk_of_slug[slug] = consultation.pk
    return consultation


def consultations_by_phase(user) -> dict:
    """Ongoing, upcoming and past consultations that this person may see."""
    now = timezone.now()
    consultations = (
        Consultation.objects.visible_to(user)
        .exclude(status=Status.DRAFT)
        .annotate(opens_at=Min("stages__starts_at"), closes_at=Max("stages__ends_at"))
        .order_by("opens_at")
    )
    phases = {"ongoing": [], "upcoming": [], "past": []}
    for consultation in consultations:
        if consultation.status != Status.PUBLISHED or (consultation.closes_at and consultation.closes_at <= now):
            phases["past"].append(consultation)
        elif consultation.opens_at and consultation.opens_at > now:
            phases["upcoming"].append(consultation)
        else:
            phases["ongoing"].append(consultation)
    phases["past"].reverse()
    return phases


# --- Figures ---------------------------------------------------------------------------------------


def figures(consultation: Consultation) -> dict:
    """Speakers, speeches, comments and likes (shown content only), and onlookers.

    Counted over the meeting's speeches (their denormalized comment and like counts) at most once every
    FIGURES_FRESH_SECONDS while writes keep coming, and kept FIGURES_SECONDS when none do: the cost of a
    page does not grow with the meeting, however busy it is."""
    key = figures_cache_key(consultation.pk)
    version = content_version(consultation.pk)
    stored = cached(key)
    if stored is None or (stored[0] != version and time.time() - stored[1] > FIGURES_FRESH_SECONDS):
        counted = Post.objects.filter(consultation=consultation, is_hidden=False).aggregate(
            speeches=Count("id"), speakers=Count("author", distinct=True),
            comments=Sum("comment_count"), likes=Sum("like_count"),
        )
        stored = (version, time.time(), {name: value or 0 for name, value in counted.items()})
        cache.set(key, stored, FIGURES_SECONDS)
        _forget(key)
    return {**stored[2], "onlookers": onlooker_count(consultation)}


def content_version(consultation_id: int) -> int:
    """Goes up whenever speeches, comments or likes change: part of the key of cached page fragments."""
    key = content_version_key(consultation_id)
    return cached(key) or cache.get_or_set(key, 1, None)


# --- The feed of speeches --------------------------------------------------------------------------

SORTS = {
    # name: the counter the feed is ordered by (descending), then id (descending)
    "new": "created_at",
    "liked": "like_count",
    "discussed": "comment_count",
}
STATES = {
    "awaiting": [ResponseState.AWAITING, ResponseState.CLAIMED],
    "answered": [ResponseState.ANSWERED],
}


@dataclass
class Feed:
    sort: str
    state: str
    subtopic: object
    _page: object  # the query of this page, run when the posts are first asked for
    _field: str
    _limit: int

    @cached_property
    def _loaded(self) -> tuple[list, str | None]:
        page = list(self._page)
        cursor = None
        if len(page) > self._limit:
            page = page[: self._limit]
            cursor = _encode(getattr(page[-1], self._field), page[-1].pk)
        attachments_of_posts(page)
        return page, cursor

    @property
    def posts(self) -> list:
        """The page of speeches: queried only when rendered (not when the page comes from the cache)."""
        return self._loaded[0]

    @property
    def next_cursor(self) -> str | None:
        return self._loaded[1]


def _encode(value, pk: int) -> str:
    if isinstance(value, datetime):
        delta = value - datetime(1970, 1, 1, tzinfo=UTC)
        value = delta.days * 86_400_000_000 + delta.seconds * 1_000_000 + delta.microseconds
    return f"{value}.{pk}"


def _decode(cursor: str, field: str):
    try:
        value, pk = (int(part) for part in cursor.split(".", 1))
    except (AttributeError, ValueError):
        return None
    if field == "created_at":
        value = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=value)
    return value, pk


def _with_liked(queryset, user, like_model, field: str):
    if not user.is_authenticated:
        return queryset
    return queryset.annotate(liked=Exists(like_model.objects.filter(**{field: OuterRef("pk"), "user": user})))


def feed(consultation, user, *, sort="new", state="", subtopic_id=None, after="", limit=PAGE_SIZE) -> Feed:
    """One page of speeches, newest / most liked / most discussed first, by keyset (never OFFSET)."""
    sort = sort if sort in SORTS else "new"
    state = state if state in STATES else ""
    field = SORTS[sort]
    posts = Post.objects.filter(consultation=consultation)
    if not permissions.can_see_hidden(user):
        posts = posts.filter(is_hidden=False)
    subtopic = None
    if subtopic_id:
        subtopic = next((s for s in consultation.subtopics.all() if str(s.pk) == str(subtopic_id)), None)
        if subtopic:
            posts = posts.filter(subtopic=subtopic)
    if state:
        posts = posts.filter(response_state__in=STATES[state])
    key = _decode(after, field) if after else None
    if key:
        value, pk = key
        posts = posts.filter(Q(**{f"{field}__lt": value}) | Q(**{field: value, "pk__lt": pk}))
    page = posts.select_related("author", "subtopic").order_by(f"-{field}", "-pk")[: limit + 1]
    return Feed(sort=sort, state=state, subtopic=subtopic, _page=page, _field=field, _limit=limit)


# --- A speech and its comments ---------------------------------------------------------------------


def post_for(user, consultation, pk) -> Post:
    """A speech of this consultation that this person may see (`permissions.can_see_post`); 404 otherwise.

    Every view that shows or acts on a speech finds it here (or through `post_by_id`).
    """
    posts = Post.objects.filter(consultation=consultation, pk=pk).select_related("author", "subtopic")
    post = _with_liked(posts, user, PostLike, "post").first()
    if post is None:
        raise Http404
    post.consultation = consultation  # already loaded, with its stages
    if not permissions.can_see_post(user, post):
        raise Http404
    attachments_of_posts([post])
    return post


def post_key(post_id: int) -> str:
    return f"meetings:post:{post_id}"


def post_to_show(user, consultation, pk) -> Post:
    """The speech for its own page, by the rule of post_for: with its author, sub-topic and files from the
    cache while the content version holds, kept POST_SECONDS (its view count moves without the version).
    Whether this person liked it comes from likes_of."""
    version = content_version(consultation.pk)
    stored = cached(post_key(pk))
    if stored is not None and stored[0] == version and stored[1].consultation_id == consultation.pk:
        post = stored[1]
    else:
        posts = Post.objects.filter(consultation=consultation, pk=pk).select_related("author", "subtopic")
        post = _with_liked(posts, user, PostLike, "post").first()
        if post is None:
            raise Http404
        attachments_of_posts([post])
        liked = post.__dict__.pop("liked", None)  # this person's, not for the cache
        cache.set(post_key(pk), (version, post), POST_SECONDS)
        _forget(post_key(pk))
        if liked is not None:
            post.liked = liked
    post.consultation = consultation  # already loaded, with its stages
    if not permissions.can_see_post(user, post):
        raise Http404
    return post


def likes_of(user, post, comment_ids) -> tuple[bool, set]:
    """Whether this person liked the speech (unless post_to_show read it with the speech), and which of
    these comments: at most one query, in plain SQL (the ORM's UNION took a sixth of the speech page's
    CPU: it runs on every member's request)."""
    if not user.is_authenticated:
        return False, set()
    known = post.__dict__.get("liked")
    parts, params = [], []
    if comment_ids:
        parts.append(f"SELECT comment_id FROM {CommentLike._meta.db_table} WHERE user_id = %s AND comment_id IN "
                     f"({', '.join(['%s'] * len(comment_ids))})")
        params += [user.pk, *comment_ids]
    if known is None:
        parts.append(f"SELECT 0 FROM {PostLike._meta.db_table} WHERE user_id = %s AND post_id = %s")
        params += [user.pk, post.pk]
    if not parts:
        return known, set()
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        found = {row[0] for row in cursor.fetchall()}
    return (0 in found) if known is None else known, found - {0}


def post_by_id(user, pk) -> Post:
    """A speech known by its id alone (the departments' pages), if this person may see it; 404 otherwise."""
    post = Post.objects.filter(pk=pk).select_related("consultation", "author").first()
    if post is None or not permissions.can_see_post(user, post):
        raise Http404
    return post


def comment_for(user, consultation, pk) -> Comment:
    """A comment of this consultation that this person may see (`permissions.can_see_comment`): a comment
    awaiting approval only for its author and staff, a hidden one for staff; 404 otherwise.

    Every view that shows or acts on a comment (like, report, moderate, reply to) finds it here.
    """
    pk = int(pk) if str(pk).isdigit() else 0
    comment = (
        Comment.objects.filter(pk=pk, post__consultation=consultation).select_related("post", "author").first()
    )
    if comment is None:
        raise Http404
    comment.post.consultation = consultation
    if not permissions.can_see_comment(user, comment):
        raise Http404
    return comment


def _nested(comments: list, user) -> list:
    """Top-level comments with their replies nested up to THREAD_LEVELS, deeper replies listed flat.

    `comments` are whole threads in time order. A comment that is not shown to this person but has
    shown replies stays as a placeholder with neither author nor text, so the thread still makes sense.
    """
    by_id = {comment.pk: comment for comment in comments}
    attachments_of_comments(comments)
    for comment in comments:
        comment.shown = permissions.comment_shown_to(user, comment)
        comment.kept = comment.shown
        comment.children = []
        comment.reply_to = None
    for comment in reversed(comments):  # replies come after what they reply to
        parent = by_id.get(comment.parent_id)
        if comment.kept and parent is not None:
            parent.kept = True
    roots = []
    for comment in comments:
        if not comment.kept:
            continue
        comment.placeholder = not comment.shown
        if comment.parent_id is None:
            comment.anchor_id = comment.pk
            roots.append(comment)
            continue
        parent = by_id[comment.parent_id]
        if comment.depth < THREAD_LEVELS:
            comment.anchor_id = comment.pk  # its replies are listed under it
            parent.children.append(comment)
        else:
            anchor = by_id[parent.anchor_id]  # the third-level comment this reply is listed under
            comment.anchor_id = anchor.pk
            comment.reply_to = parent
            anchor.children.append(comment)
    return roots


@dataclass
class CommentPage:
    post: Post
    ids: list  # every comment of the chosen threads, in time order
    shown: int  # comments (and placeholders) in these threads
    after: int | None  # the thread this batch follows, None for the first screen
    next_after: int | None  # the last thread of this batch, when more follow
    remaining: int  # comments (and placeholders) in the threads after this batch
    mine: list  # comments of these threads written by this person
    private: bool  # this person's view differs from what every member sees (staff, own pending or hidden)


class Skeleton(NamedTuple):
    """What choosing threads needs of a comment."""

    pk: int
    parent_id: int | None
    author_id: int
    is_hidden: bool
    is_approved: bool


def threads_key(post_id: int, version: int) -> str:
    return f"meetings:threads:{post_id}:{version}"


def _threads(skeleton: list, user) -> dict:
    """The threads of a speech as this person sees them: each comment's thread (`root_of`), the comments
    shown or kept as placeholders (visibility by permissions.comment_shown_to) counted per thread, the
    roots in time order."""
    root_of, kept = {}, set()
    for row in skeleton:
        root_of[row.pk] = root_of.get(row.parent_id, row.pk) if row.parent_id else row.pk
        if permissions.comment_shown_to(user, row):
            kept.add(row.pk)
    parents = {row.pk: row.parent_id for row in skeleton}
    for row in reversed(skeleton):  # a shown reply keeps its ancestors, as placeholders if need be
        if row.pk in kept and parents[row.pk] in parents:
            kept.add(parents[row.pk])
    sizes: dict = {}
    for pk in kept:
        sizes[root_of[pk]] = sizes.get(root_of[pk], 0) + 1
    roots = [row.pk for row in skeleton if row.parent_id is None and row.pk in kept]
    return {"root_of": root_of, "sizes": sizes, "roots": roots}


def _common_threads(post) -> dict:
    """The speech's comments (Skeleton rows, in time order) and their threads as every reader sees them who
    has nothing of their own awaiting approval or hidden (`private_authors`): one narrow query per speech
    and content version, kept in the cache. A comment waiting for approval moves the version too."""
    key = threads_key(post.pk, content_version(post.consultation_id))
    stored = cached(key)
    if stored is None:
        skeleton = [Skeleton(*row) for row in Comment.objects.filter(post=post).order_by("created_at", "pk")
                    .values_list("pk", "parent_id", "author_id", "is_hidden", "is_approved")]
        stored = {
            "skeleton": skeleton, **_threads(skeleton, AnonymousUser()),
            "private_authors": {row.author_id for row in skeleton if row.is_hidden or not row.is_approved},
        }
        cache.set(key, stored, THREADS_SECONDS)
    return stored


def comment_page(post, user, *, after=None, size=COMMENT_PAGE_SIZE) -> CommentPage:
    """A batch of whole threads holding about `size` comments, after the thread `after` (a root's pk).

    The threads are chosen from the speech's comments (_common_threads; worked out again for staff and
    for people with comments of their own awaiting approval or hidden, by permissions.comment_shown_to,
    placeholders counted); comment_rows loads them. A thread longer than `size` comes whole, alone.
    """
    threads = _common_threads(post)
    skeleton = threads["skeleton"]
    private = permissions.can_see_hidden(user) or (user.pk is not None and user.pk in threads["private_authors"])
    if private:
        threads = _threads(skeleton, user)
    root_of, sizes, roots = threads["root_of"], threads["sizes"], threads["roots"]
    start = 0
    if after is not None and after in root_of:
        order = {row.pk: index for index, row in enumerate(skeleton)}
        start = next((i for i, pk in enumerate(roots) if order[pk] > order[root_of[after]]), len(roots))
    chosen, shown = [], 0
    for pk in roots[start:]:
        if chosen and shown + sizes[pk] > size:
            break
        chosen.append(pk)
        shown += sizes[pk]
    more = roots[start + len(chosen):]
    chosen_threads = set(chosen)
    rows = [row for row in skeleton if root_of[row.pk] in chosen_threads]
    return CommentPage(
        post=post, ids=[row.pk for row in rows], shown=shown, after=after if start else None,
        next_after=chosen[-1] if more and chosen else None, remaining=sum(sizes[pk] for pk in more),
        mine=[row.pk for row in rows if user.pk is not None and row.author_id == user.pk], private=private,
    )


def comment_rows(page: CommentPage, user) -> list:
    """The threads of a batch, nested (see _nested), with authors and whether this person liked each."""
    if not page.ids:
        return []
    comments = _with_liked(Comment.objects.filter(pk__in=page.ids).select_related("author"), user, CommentLike,
                           "comment").order_by("created_at", "pk")
    return _nested(list(comments), user)


def history_of(post) -> list:
    """Every version of a speech, newest first, with who saved it (staff only)."""
    return list(post.history.select_related("history_user").order_by("-history_date", "-history_id"))


# --- Moderation ------------------------------------------------------------------------------------


def moderation_queue(consultation_id=None) -> dict:
    """Comments awaiting approval, open reports, and recently hidden content."""
    pending = Comment.objects.filter(is_approved=False, is_hidden=False)
    reports = Report.objects.filter(resolved_at__isnull=True)
    hidden_posts = Post.objects.filter(is_hidden=True)
    hidden_comments = Comment.objects.filter(is_hidden=True)
    if consultation_id:
        pending = pending.filter(post__consultation_id=consultation_id)
        reports = reports.filter(
            Q(post__consultation_id=consultation_id) | Q(comment__post__consultation_id=consultation_id)
        )
        hidden_posts = hidden_posts.filter(consultation_id=consultation_id)
        hidden_comments = hidden_comments.filter(post__consultation_id=consultation_id)
    return {
        "pending": list(pending.select_related("author", "post__consultation").order_by("created_at")[:100]),
        "reports": list(
            reports.select_related("reporter", "post__consultation", "post__author", "comment__author",
                                   "comment__post__consultation").order_by("created_at")[:100]
        ),
        "hidden_posts": list(hidden_posts.select_related("author", "consultation").order_by("-pk")[:50]),
        "hidden_comments": list(
            hidden_comments.select_related("author", "post__consultation").order_by("-pk")[:50]
        ),
    }


# --- Attachments -------------------------------------------------------------------------------------


def attachment_for(user, pk) -> Attachment:
    """The attachment this person may see (permissions.attachment_refusal), or 404 for everyone else."""
    attachment = (
        Attachment.objects.filter(pk=pk).select_related("consultation", "post", "comment").first()
    )
    if attachment is None or not permissions.can_see_attachment(user, attachment):
        raise Http404
    return attachment


def _files_of(items, owner: str, key: str) -> None:
    """Each item's own files as `item.files`, in one query for them all."""
    by_item: dict[int, list] = {item.pk: [] for item in items}
    if by_item:
        rows = Attachment.objects.filter(**{f"{key}__in": list(by_item)}, owner=owner)
        for attachment in rows.order_by("position", "pk"):
            by_item[getattr(attachment, key)].append(attachment)
    for item in items:
        item.files = by_item[item.pk]


def attachments_of_posts(posts) -> None:
    """Each speech's own files as `post.files` (one query for a page of speeches)."""
    _files_of(posts, AttachmentOwner.SPEECH, "post_id")


def attachments_of_comments(comments) -> None:
    """Each comment's files as `comment.files` (one query for the whole thread)."""
    _files_of(comments, AttachmentOwner.COMMENT, "comment_id")
