"""Compiling reads speeches in chunks: the number of queries does not grow with the number of rows."""

import pytest

from departments.models import Aspect, Claim, Reply
from meetings.minutes.archive import export_consultation
from meetings.minutes.document import Minutes
from meetings.minutes.writers import WRITERS
from meetings.models import Comment, Post

BUDGET = 65  # cover, figures, charts, appendices, and 7 queries per chunk of 200 speeches (three for 500)


@pytest.fixture
def sized_meeting(consultation, member, leader, official, department):
    def make(count):
        topic = consultation.subtopics.get()
        posts = Post.objects.bulk_create([
            Post(consultation=consultation, subtopic=topic, author=member, title=f"发言{i}", body=f"建议第{i}条。",
                 body_html=f"<p>建议第{i}条。</p>") for i in range(count)])
        comments = Comment.objects.bulk_create([
            Comment(post=post, author=leader, body="请研究。", body_html="<p>请研究。</p>", author_role="leader")
            for post in posts])
        Comment.objects.bulk_create([
            Comment(post=c.post, parent=c, depth=1, author=member, body="谢谢。", body_html="<p>谢谢。</p>")
            for c in comments])
        aspects = Aspect.objects.bulk_create([Aspect(post=post, title=post.title, is_whole=True) for post in posts])
        claims = Claim.objects.bulk_create([
            Claim(aspect=a, department=department, claimed_by=official, claimed_at=a.post.created_at,
                  due_on=a.post.created_at.date()) for a in aspects])
        Reply.objects.bulk_create([Reply(claim=c, author=official, body="已办理。", disposition="resolved")
                                   for c in claims])
        return consultation
    return make


@pytest.mark.parametrize("count", [10, 500])
@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx"])
def test_compiling_minutes_queries_do_not_grow_with_rows(sized_meeting, django_assert_max_num_queries, tmp_path,
                                                         count, fmt):
    consultation = sized_meeting(count)
    with django_assert_max_num_queries(BUDGET):
        WRITERS[fmt](Minutes(consultation, internal=True), tmp_path / f"out.{fmt}")


@pytest.mark.parametrize("count", [10, 500])
def test_exporting_the_archive_queries_do_not_grow_with_rows(sized_meeting, django_assert_max_num_queries, tmp_path,
                                                             count):
    consultation = sized_meeting(count)
    with django_assert_max_num_queries(BUDGET):
        export_consultation(consultation, tmp_path / "archive.json")
