"""Which matches are ranked: the newest ones, however PostgreSQL is led to find them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import services
from meetings.models import Post
from meetings.models.search import tsquery
from meetings.search import selectors
from meetings.search.selectors import IndexStatistics, search

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the date walk is PostgreSQL's")


def dated_speeches(member, consultation, subtopic, bodies: list[str]) -> list[Post]:
    """Speeches written a day apart, the first the oldest."""
    speeches = [services.create_post(member, consultation, subtopic, f"发言{i}", body) for i, body in enumerate(bodies)]
    start = timezone.now() - datetime.timedelta(days=len(bodies))
    for day, speech in enumerate(speeches):
        speech.created_at = start + datetime.timedelta(days=day)
        speech.save()  # the index follows the date
    return speeches


@pytest.fixture
def every_word_common(monkeypatch):
    """ANALYZE saw every word in every document, and at most 3 documents are ranked."""
    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    monkeypatch.setattr(selectors, "index_statistics",
                        lambda: IndexStatistics({"乡村": 1.0, "医生": 1.0, "待遇": 1.0}, 10, [], 0))


@postgresql_only
def test_a_phrase_of_common_words_ranks_its_newest_matches_found_in_date_order(
        every_word_common, staff, consultation, member, subtopic):
    speeches = dated_speeches(member, consultation, subtopic, [
        "提高乡村医生待遇。", "乡村医生待遇，乡村医生待遇，乡村医生待遇。", "办好乡村学校。", "提高乡村医生待遇。",
        "提高乡村医生待遇。"])
    with CaptureQueriesContext(connection) as queries:
        hits = search(staff, "乡村医生 待遇").hits
    assert any("enable_bitmapscan" in query["sql"] for query in queries.captured_queries)
    assert [hit.document.object_id for hit in hits] == [speeches[1].pk, speeches[4].pk, speeches[3].pk]  # best first


@postgresql_only
def test_too_few_matches_among_the_newest_leave_the_choice_to_the_planner(
        every_word_common, monkeypatch, staff, consultation, member, subtopic):
    monkeypatch.setattr(selectors, "CANDIDATES", 10)
    bodies = ["提高乡村医生待遇。", "办好乡村学校。", "提高乡村医生待遇。"]
    speeches = dated_speeches(member, consultation, subtopic, bodies)
    hits = search(staff, "乡村医生 待遇").hits
    assert {hit.document.object_id for hit in hits} == {speeches[0].pk, speeches[2].pk}


def test_the_walk_starts_where_the_newest_documents_begin():
    bounds = [timezone.now() + datetime.timedelta(hours=hour) for hour in range(101)]
    assert IndexStatistics({}, 400_000, bounds, 0).walk_start() == bounds[100 - 13]  # 50,000 of 400,000: 13 slices
    assert IndexStatistics({}, 40_000, bounds, 0).walk_start() is None  # all of them
    assert IndexStatistics({}, 400_000, [], 0).walk_start() is None  # never analysed


def test_plain_words_go_to_postgresql_as_a_constant_and_anything_else_through_its_parser():
    assert tsquery(["乡村", "医生", "2026"]) == ("%s::tsquery", ["'乡村' & '医生' & '2026'"])
    assert tsquery(["o'neil", "snake_case"]) == ("plainto_tsquery('simple', %s)", ["o'neil snake_case"])


def test_a_word_postgresql_splits_is_found_as_before(staff, consultation, member, subtopic):
    speech = services.create_post(member, consultation, subtopic, "标题", "联系 o'neil 讨论 snake_case")
    assert [hit.document.object_id for hit in search(staff, "o'neil").hits] == [speech.pk]
    assert [hit.document.object_id for hit in search(staff, "snake_case").hits] == [speech.pk]
