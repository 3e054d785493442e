"""Indexing in bulk: the whole index (`manage.py rebuild_search_index`) or one consultation (an import)."""

from itertools import islice

from django.db import transaction

from departments import search as department_search
from meetings import search_index
from meetings.models import SearchDocument

BATCH = 1000


def _write(consultation_id: int | None) -> int:
    count = 0
    for sources in (search_index.all_documents(consultation_id), department_search.all_documents(consultation_id)):
        while batch := list(islice(sources, BATCH)):
            SearchDocument.objects.bulk_create(batch)
            count += len(batch)
    search_index.index_changed()
    return count


def rebuild_index() -> int:
    """Index every consultation, speech, comment, reply and follow-up anew; returns how many documents."""
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        return _write(None)


def index_consultation(consultation) -> int:
    """Index one consultation's content anew (after rows were bulk-inserted, as an import does)."""
    with transaction.atomic():
        SearchDocument.objects.filter(consultation=consultation).delete()
        return _write(consultation.pk)
