"""The consultation page and a speech page run a fixed number of queries, whatever the amount of content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, User
from meetings.models import Comment, CommentLike, Post, PostLike
from tests import factories

pytestmark = pytest.mark.django_db

# One budget for 10 and for 500 rows: sessions and user, consultation with stages and sub-topics,
# figures, the page of speeches, likes by this person, onlooker bookkeeping, department figures.
CONSULTATION_PAGE = 11  # measured: 8 anonymous, 10 member, 11 staff (1 for attachments)
# Speech page: the threads chosen, then loaded; 2 for attachments.
SPEECH_PAGE = 16  # measured on a first visit: 10 anonymous, 12 member, 16 staff


def fill(consultation, speeches: int):
    """`speeches` speeches by as many members, the first with `speeches` comments (threaded) and likes."""
    people = User.objects.bulk_create(
        [User(username=f"bulk{speeches}-{i}", role=Role.MEMBER, real_name=f"委员{i}") for i in range(speeches)]
    )
    subtopic = consultation.subtopics.first()
    posts = Post.objects.bulk_create([
        Post(consultation=consultation, subtopic=subtopic, author=person, title=f"发言{i}", body="正文",
             body_html="<p>正文</p>", like_count=i % 7, comment_count=i % 5)
        for i, person in enumerate(people)
    ])
    first = posts[0]
    parent = None
    comments = []
    for i, person in enumerate(people):
        comment = Comment.objects.create(post=first, parent=parent if i % 3 else None,
                                         depth=(parent.depth + 1) if (parent and i % 3) else 0,
                                         author=person, body=f"评论{i}", body_html=f"<p>评论{i}</p>",
                                         author_role=person.role, is_hidden=(i % 11 == 0))
        comments.append(comment)
        parent = comment
    PostLike.objects.bulk_create([PostLike(post=p, user=person) for p in posts[:50] for person in people[:3]])
    PostLike.objects.bulk_create([PostLike(post=first, user=person) for person in people[3:]])
    CommentLike.objects.bulk_create([CommentLike(comment=c, user=people[0]) for c in comments])
    return first


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), context.captured_queries


@pytest.mark.parametrize("rows", [10, 500])
@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_consultation_page_has_a_fixed_query_budget(client, consultation, rows, who, django_assert_max_num_queries):
    fill(consultation, rows)
    if who != "anonymous":
        client.force_login(factories.StaffFactory() if who == "staff" else consultation.participants.first())
    url = reverse("meetings:consultation", args=[consultation.slug])
    client.get(url)  # a first visit writes its onlooker row; measure an ordinary one
    with django_assert_max_num_queries(CONSULTATION_PAGE):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(CONSULTATION_PAGE):
        assert client.get(url, {"sort": "liked", "state": "awaiting"}).status_code == 200


@pytest.mark.parametrize("rows", [10, 500])
@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_speech_page_has_a_fixed_query_budget(client, consultation, rows, who, django_assert_max_num_queries):
    post = fill(consultation, rows)
    if who != "anonymous":
        client.force_login(factories.StaffFactory() if who == "staff" else consultation.participants.first())
    url = post.get_absolute_url()
    client.get(reverse("meetings:consultation", args=[consultation.slug]))  # counted as an onlooker there
    with django_assert_max_num_queries(SPEECH_PAGE):  # the first visit of the speech, with its view count
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["thread"]) >= 1


def test_load_more_and_figures_have_fixed_budgets(client, consultation, django_assert_max_num_queries):
    fill(consultation, 60)
    url = reverse("meetings:consultation", args=[consultation.slug])
    cursor = client.get(url).context["feed"].next_cursor
    with django_assert_max_num_queries(8):
        client.get(url, {"after": cursor}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="load-more")
    with django_assert_max_num_queries(8):
        client.get(reverse("meetings:figures", args=[consultation.slug]))
