"""The search page's read: one query for a page of results, whatever the page size or the filters."""

import datetime
import re
from dataclasses import dataclass, field

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
    newest = rows.order_by("-created_at", "-pk").values("pk")[:CANDIDATES]
    rows = (SearchDocument.objects.filter(pk__in=newest).annotate(rank=Rank(terms)).select_related("consultation")
            .defer("words", "consultation__theme", "consultation__guide")
            .order_by("-rank", "-created_at", "-pk"))
    offset = (page - 1) * PAGE_SIZE
    documents = list(rows[offset:offset + PAGE_SIZE + 1])
    results.has_next = len(documents) > PAGE_SIZE
    marks = [*terms, *query.split()]
    results.hits = [Hit(document, url_of(document), highlight(document.title, marks, 200),
                        highlight(document.body, marks)) for document in documents[:PAGE_SIZE]]
    return results
