"""Rebuilding the whole search index (`manage.py rebuild_search_index`)."""

from itertools import islice

from django.db import transaction

from departments import search as department_search
from meetings import search_index
from meetings.models import SearchDocument

BATCH = 1000


def rebuild_index() -> int:
    """Index every consultation, speech, comment, reply and follow-up anew; returns how many documents."""
    count = 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        for sources in (search_index.all_documents(), department_search.all_documents()):
            while batch := list(islice(sources, BATCH)):
                SearchDocument.objects.bulk_create(batch)
                count += len(batch)
    return count
