"""The search page's read: one query for a page of results, whatever the page size or the filters."""

import datetime
import math
import re
import time
from dataclasses import dataclass, field

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.models import DocumentKind, SearchDocument
from meetings.models.search import Rank
from meetings.search_index import query_terms

PAGE_SIZE = 20
CANDIDATES = 1_000  # ranked: the newest matches, so a word in every tenth speech still answers in milliseconds
PAGES_MAX = CANDIDATES // PAGE_SIZE
WALK = 50_000  # at most, the newest documents read in date order when every word of a query is common
COMMON = 2 * CANDIDATES / WALK  # common: in more than one document in 25
STATISTICS_SECONDS = 300
SNIPPET = 140
BEFORE = 30


@dataclass
class Hit:
    document: SearchDocument
    url: str
    title: SafeString
    snippet: SafeString


@dataclass
class Results:
    query: str
    terms: list
    hits: list = field(default_factory=list)
    page: int = 1
    has_next: bool = False

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _pattern(terms: list[str]):
    words = sorted({term for term in terms if term}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)), re.IGNORECASE) if words else None


def highlight(text: str, terms: list[str], width: int = SNIPPET) -> SafeString:
    """A window of the text around the first match; everything escaped, then the matches in <mark>."""
    text = " ".join((text or "").split())
    pattern = _pattern(terms)
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - BEFORE) if first else 0
    window = text[start:start + width]
    pieces = pattern.split(window) if pattern else [window]
    found = pattern.findall(window) if pattern else []
    out = [escape(pieces[0])]
    for match, piece in zip(found, pieces[1:], strict=True):
        out.append(f"<mark>{escape(match)}</mark>{escape(piece)}")
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)


def url_of(document: SearchDocument) -> str:
    slug = document.consultation.slug
    if document.kind == DocumentKind.CONSULTATION:
        return reverse("meetings:consultation", args=[slug])
    url = reverse("meetings:post", args=[slug, document.post_id])
    anchor = {DocumentKind.COMMENT: f"#comment-{document.object_id}",
              DocumentKind.REPLY: f"#reply-{document.object_id}", DocumentKind.FOLLOW_UP: "#responses"}
    return url + anchor.get(document.kind, "")


def _day_start(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class IndexStatistics:
    """What ANALYZE knows of the index: the share of documents holding each of its most common words
    (words not listed are rarer than all listed), how many documents there are, and the dates that cut
    them into a hundred equal slices (newest last)."""

    shares: dict
    documents: float
    date_bounds: list
    read_at: float

    def walk_start(self):
        """The date from which the newest WALK documents (or a few more) were written; None: all of them."""
        slices = len(self.date_bounds) - 1
        if slices < 1 or self.documents <= WALK:
            return None
        newest = math.ceil(WALK / self.documents * slices)
        return self.date_bounds[slices - newest] if newest < slices else None


_statistics = IndexStatistics({}, 0, [], -STATISTICS_SECONDS)


def index_statistics() -> IndexStatistics:
    """PostgreSQL's own statistics of the search index, read again every five minutes."""
    global _statistics
    if time.monotonic() - _statistics.read_at > STATISTICS_SECONDS:
        table = SearchDocument._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = %s AND attname = 'search_vector'", [table])
            words, shares = cursor.fetchone() or ([], [])
            cursor.execute("SELECT histogram_bounds::text::timestamptz[] FROM pg_stats "
                           "WHERE tablename = %s AND attname = 'created_at'", [table])
            (bounds,) = cursor.fetchone() or ([],)
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
            (documents,) = cursor.fetchone()
        _statistics = IndexStatistics(dict(zip(words or [], shares or [], strict=False)), documents, bounds or [],
                                      time.monotonic())
    return _statistics


def _walked(rows, terms: list[str], offset: int, limit: int) -> list | None:
    """The ids of one page (`offset`, `limit`) of the newest CANDIDATES matches, best first, found by
    walking the date index; None when the planner's own way is the better one (see below) or the walk
    found fewer. The matches are ranked in the statement: only the page's ids come back.

    PostgreSQL takes the newest matches either by walking the date index and testing each document
    (cheap when matches are common) or by reading every match through the GIN index and sorting
    (cheap when they are rare). It guesses which from its statistics, multiplying the words'
    frequencies as if they were independent; the words of a phrase come together, so for 乡村医生 待遇
    it expects 1,400 matches of 400,000 where there are 40,000, and reads them all from the wide
    table (300 ms). So when every word is common, the newest WALK documents are walked in date order,
    ranked as they come: CANDIDATES matches there are exactly the newest ones (any newer match would
    be among them); fewer, and the matches are rare enough for the planner.
    """
    if connection.vendor != "postgresql" or len(terms) < 2:
        return None
    statistics = index_statistics()
    if min(statistics.shares.get(term, 0.0) for term in terms) < COMMON:
        return None
    start = statistics.walk_start()
    walk = rows if start is None else rows.filter(created_at__gte=start)
    walk = walk.annotate(rank=Rank(terms)).order_by("-created_at", "-pk").values_list("pk", "created_at", "rank")
    sql, params = walk[:CANDIDATES].query.sql_with_params()
    page = (f"SELECT walk.*, count(*) OVER () FROM ({sql}) AS walk "  # columns: pk, created_at, rank, found
            "ORDER BY 3 DESC, 2 DESC, 1 DESC OFFSET %s LIMIT %s")
    with connection.cursor() as cursor:  # one round trip, one transaction: the date index, not the GIN one
        cursor.execute(f"SET LOCAL enable_bitmapscan = off; {page}; RESET enable_bitmapscan",
                       (*params, offset, limit))
        cursor.nextset()
        ranked = cursor.fetchall()
    if not ranked or ranked[0][3] < CANDIDATES:  # no row: the walk found no more than `offset`, so fewer
        return None
    return [row[0] for row in ranked]


def search(user, query: str, *, kind="", consultation=None, subtopic=None, role="", department=None,
           disposition="", date_from=None, date_to=None, page=1) -> Results:
    """What `user` may see that matches every word of the query, best match first (newest on SQLite).

    Visibility is `SearchDocument.objects.visible_to`: the same rules as the pages themselves. The
    newest 1,000 matches are ranked (50 pages): ranking every match of a common word would read
    and score a hundred thousand rows.
    """
    terms = query_terms(query)
    results = Results(query=query, terms=terms, page=page)
    if not terms:
        return results
    rows = SearchDocument.objects.visible_to(user).filter(words__matches=terms)
    if kind:
        rows = rows.filter(kind=kind)
    if consultation is not None:
        rows = rows.filter(consultation=consultation)
    if subtopic is not None:
        rows = rows.filter(subtopic=subtopic)
    if role:
        rows = rows.filter(author_role=role)
    if department is not None:
        rows = rows.filter(department=department)
    if disposition:
        rows = rows.filter(disposition=disposition)
    if date_from:
        rows = rows.filter(created_at__gte=_day_start(date_from))
    if date_to:
        rows = rows.filter(created_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    offset = (page - 1) * PAGE_SIZE
    shown = SearchDocument.objects.select_related("consultation").defer("words", "consultation__theme",
                                                                        "consultation__guide")
    ids = _walked(rows, terms, offset, PAGE_SIZE + 1)
    if ids is not None:
        documents = sorted(shown.filter(pk__in=ids), key=lambda document: ids.index(document.pk))
    else:
        newest = rows.order_by("-created_at", "-pk").values("pk")[:CANDIDATES]
        documents = list(shown.filter(pk__in=newest).annotate(rank=Rank(terms))
                         .order_by("-rank", "-created_at", "-pk")[offset:offset + PAGE_SIZE + 1])
    results.has_next = len(documents) > PAGE_SIZE
    marks = [*terms, *query.split()]
    results.hits = [Hit(document, url_of(document), highlight(document.title, marks, 200),
                        highlight(document.body, marks)) for document in documents[:PAGE_SIZE]]
    return results
