"""The search index of a consultation's own content: words cut by jieba, kept current on every save.

Chinese has no spaces, so every text is segmented (rjieba, jieba's Rust port: ~25× faster than
jieba with the same dictionary) in search mode: `产业扶贫资金` is indexed as 产业, 扶贫, 资金 and the
longer dictionary words too, so a search for 扶贫 finds it. The words go into
`SearchDocument.words`; PostgreSQL turns them into a tsvector (a generated column with a GIN
index, migration 0005) and ranks with ts_rank; SQLite, the embedded default, ANDs one LIKE per word.

How the index stays current without `meetings` knowing about `departments`:
- consultations, speeches and comments are indexed by `post_save` receivers connected in
  `MeetingsConfig.ready()`: every write goes through `save()` — services, admin, demo, factories;
- moderation changes visibility with UPDATEs that send no signal, so the moderation services call
  `visibility_changed()` inside their transaction;
- official replies and follow-ups are indexed by `departments/search.py` through `store()`, connected
  in `DepartmentsConfig.ready()` (departments may import meetings; never the other way round).
`manage.py rebuild_search_index` rebuilds everything (`meetings/search/services.py`).

Every change of the index moves `INDEX_VERSION_KEY` after its commit (`index_changed()`): the search
pages anonymous readers share are keyed by it, so a new, edited or hidden item shows (or goes) at once.
"""

import re
import time
from html import unescape

import rjieba
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags

from .models import Comment, Consultation, DocumentKind, Post, SearchDocument

MAX_TERMS = 16
BODY_KEPT = 20_000
WORD = re.compile(r"\w")
POST_FIELDS = {"title", "body", "body_html", "is_hidden", "subtopic", "subtopic_id", "author", "author_id"}
COMMENT_FIELDS = {"body", "body_html", "is_hidden", "is_approved"}


# --- words ----------------------------------------------------------------------------------------

def segment(text: str) -> list[str]:
    """The words of a text in search mode (compounds and their parts), lower-cased, punctuation dropped."""
    return [word for word in rjieba.cut_for_search((text or "").lower(), True) if WORD.search(word)]


def words_of(*texts: str) -> str:
    return " ".join(word for text in texts for word in segment(text))


def name_words(name: str) -> str:
    """A person's or department's name, whole and segmented: 王建国 finds 王建国 however jieba cuts it."""
    name = (name or "").strip().lower()
    return " ".join(dict.fromkeys([*name.split(), *segment(name)]))


def query_terms(query: str) -> list[str]:
    """What a query asks for: every word of it (segmented the same way as the index), at most 16."""
    return list(dict.fromkeys(word for part in (query or "").split() for word in segment(part)))[:MAX_TERMS]


def plain(html: str) -> str:
    return unescape(strip_tags(html or "")).strip()[:BODY_KEPT]


# --- querying ---------------------------------------------------------------------------------------

def matching_speeches(query: str):
    """Ids of speeches whose words match a query (for the officials' workspace filter)."""
    return SearchDocument.objects.filter(kind=DocumentKind.SPEECH, words__matches=query_terms(query)).values(
        "object_id")


# --- documents ------------------------------------------------------------------------------------

def consultation_document(consultation: Consultation) -> SearchDocument:
    return SearchDocument(
        kind=DocumentKind.CONSULTATION, object_id=consultation.pk, consultation_id=consultation.pk,
        created_at=consultation.published_at or consultation.created_at, title=consultation.title,
        body=f"{consultation.theme}\n{consultation.guide}"[:BODY_KEPT], author_name=consultation.organizer[:150],
        words=words_of(consultation.title, consultation.theme, consultation.guide, consultation.organizer),
    )


def post_document(post: Post) -> SearchDocument:
    return SearchDocument(
        kind=DocumentKind.SPEECH, object_id=post.pk, consultation_id=post.consultation_id, post_id=post.pk,
        subtopic_id=post.subtopic_id, author_id=post.author_id, author_role=post.author.role,
        author_name=post.author.shown_name[:150], is_hidden=post.is_hidden, post_hidden=post.is_hidden,
        created_at=post.created_at, title=post.title, body=plain(post.body_html) or post.body[:BODY_KEPT],
        words=f"{words_of(post.title, post.body)} {name_words(post.author.shown_name)}",
    )


def comment_document(comment: Comment, post: Post) -> SearchDocument:
    return SearchDocument(
        kind=DocumentKind.COMMENT, object_id=comment.pk, consultation_id=post.consultation_id, post_id=post.pk,
        subtopic_id=post.subtopic_id, author_id=comment.author_id, author_role=comment.author_role,
        author_name=comment.author.shown_name[:150], is_hidden=comment.is_hidden, post_hidden=post.is_hidden,
        is_approved=comment.is_approved, created_at=comment.created_at, title=post.title[:200],
        body=plain(comment.body_html) or comment.body, words=f"{words_of(comment.body)} "
        f"{name_words(comment.author.shown_name)}",
    )


FIELDS = [f.name for f in SearchDocument._meta.concrete_fields if f.name not in ("id", "kind", "object_id")]
INDEX_VERSION_KEY = "search:index-version"


def index_version() -> int:
    return cache.get_or_set(INDEX_VERSION_KEY, 0, None)


def index_changed() -> None:
    """The index changed in this transaction: once it commits, pages shared under the old version go."""
    transaction.on_commit(lambda: cache.set(INDEX_VERSION_KEY, time.time_ns(), None))


def store(document: SearchDocument) -> None:
    """Write one document, replacing what was indexed for the same item."""
    SearchDocument.objects.bulk_create([document], update_conflicts=True, unique_fields=["kind", "object_id"],
                                       update_fields=FIELDS)  # one INSERT … ON CONFLICT DO UPDATE
    index_changed()


def visibility_changed(item) -> None:
    """A speech or comment was hidden, shown or approved by an UPDATE (moderation): follow it."""
    if isinstance(item, Post):
        SearchDocument.objects.filter(post_id=item.pk).update(post_hidden=item.is_hidden)
        SearchDocument.objects.filter(kind=DocumentKind.SPEECH, object_id=item.pk).update(is_hidden=item.is_hidden)
    else:
        SearchDocument.objects.filter(kind=DocumentKind.COMMENT, object_id=item.pk).update(
            is_hidden=item.is_hidden, is_approved=item.is_approved)
    index_changed()


def all_documents(consultation_id: int | None = None):
    """Every document of the meetings' own content (of one consultation, if given), streamed."""
    where = {} if consultation_id is None else {"pk": consultation_id}
    for consultation in Consultation.objects.filter(**where).iterator(chunk_size=500):
        yield consultation_document(consultation)
    where = {} if consultation_id is None else {"consultation_id": consultation_id}
    for post in Post.objects.filter(**where).select_related("author").iterator(chunk_size=2000):
        yield post_document(post)
    where = {} if consultation_id is None else {"post__consultation_id": consultation_id}
    for comment in Comment.objects.filter(**where).select_related("author", "post").iterator(chunk_size=2000):
        yield comment_document(comment, comment.post)


# --- receivers ------------------------------------------------------------------------------------

def _touches(update_fields, indexed: set) -> bool:
    return update_fields is None or bool(set(update_fields) & indexed)


def _consultation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        store(consultation_document(instance))


def _post_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw or not _touches(update_fields, POST_FIELDS):
        return
    store(post_document(instance))
    if not created:  # the thread under it follows its visibility and sub-topic
        SearchDocument.objects.filter(post_id=instance.pk).exclude(kind=DocumentKind.SPEECH).update(
            post_hidden=instance.is_hidden, subtopic_id=instance.subtopic_id)


def _comment_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and _touches(update_fields, COMMENT_FIELDS):
        store(comment_document(instance, instance.post))


def forget(kind: str):
    """A receiver that drops the document of a deleted item (speeches' threads go by cascade)."""

    def receiver(sender, instance, **kwargs):
        SearchDocument.objects.filter(kind=kind, object_id=instance.pk).delete()
        index_changed()

    return receiver


def _post_deleted(sender, instance, **kwargs):
    index_changed()  # its documents and its thread's went by cascade


def connect() -> None:
    post_save.connect(_consultation_saved, sender=Consultation, dispatch_uid="search:consultation")
    post_save.connect(_post_saved, sender=Post, dispatch_uid="search:post")
    post_save.connect(_comment_saved, sender=Comment, dispatch_uid="search:comment")
    post_delete.connect(forget(DocumentKind.COMMENT), sender=Comment, weak=False, dispatch_uid="search:comment:gone")
    post_delete.connect(_post_deleted, sender=Post, dispatch_uid="search:post:gone")
