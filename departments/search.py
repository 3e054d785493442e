"""Official replies and follow-ups in the search index (see `meetings/search_index.py`).

They are indexed as their department: its full and short names are among the words, so searching
for a department finds what it answered. Receivers connected in `DepartmentsConfig.ready()` write
each one inside the transaction that saves it.
"""

from django.db.models.signals import post_delete, post_save

from meetings.models import DocumentKind, SearchDocument
from meetings.search_index import forget, name_words, plain, store, words_of

from .models import FollowUp, Reply

RELATED = ("claim__department", "claim__aspect__post", "author")


def _document(item, kind: str, disposition: str = "") -> SearchDocument:
    department, post = item.claim.department, item.claim.aspect.post
    return SearchDocument(
        kind=kind, object_id=item.pk, consultation_id=post.consultation_id, post_id=post.pk,
        subtopic_id=post.subtopic_id, author_id=item.author_id, author_role=item.author.role,
        author_name=department.name[:150], department_id=department.pk, disposition=disposition,
        post_hidden=post.is_hidden, created_at=item.created_at, title=post.title[:200],
        body=plain(item.body_html) or item.body,
        words=f"{words_of(item.body)} {name_words(department.name)} {name_words(department.short_name)}",
    )


def reply_document(reply: Reply) -> SearchDocument:
    return _document(reply, DocumentKind.REPLY, reply.disposition)


def follow_up_document(follow_up: FollowUp) -> SearchDocument:
    return _document(follow_up, DocumentKind.FOLLOW_UP)


def all_documents(consultation_id: int | None = None):
    """Every reply and follow-up (of one consultation, if given), streamed."""
    where = {} if consultation_id is None else {"claim__aspect__post__consultation_id": consultation_id}
    for reply in Reply.objects.filter(**where).select_related(*RELATED).iterator(chunk_size=2000):
        yield reply_document(reply)
    for follow_up in FollowUp.objects.filter(**where).select_related(*RELATED).iterator(chunk_size=2000):
        yield follow_up_document(follow_up)


def _reply_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        store(reply_document(instance))


def _follow_up_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        store(follow_up_document(instance))


def connect() -> None:
    post_save.connect(_reply_saved, sender=Reply, dispatch_uid="search:reply")
    post_save.connect(_follow_up_saved, sender=FollowUp, dispatch_uid="search:follow_up")
    post_delete.connect(forget(DocumentKind.REPLY), sender=Reply, weak=False, dispatch_uid="search:reply:gone")
    post_delete.connect(forget(DocumentKind.FOLLOW_UP), sender=FollowUp, weak=False,
                        dispatch_uid="search:follow_up:gone")
