"""Query counts stay the same as data grows: 10 rows and 500 rows, same budget."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from departments.models import Aspect, Claim, FollowUp, Press, Rating, Reply
from tests import factories

SIZES = [10, 500]
FRAME = 3  # headroom for the site frame (session, user, nav counters) that other apps may grow


def _fill_post(post, departments, officials, leader, size):
    """`size` aspects on one speech, each claimed, answered, followed up, pressed and rated."""
    now = timezone.now()
    aspects = Aspect.objects.bulk_create(Aspect(post=post, order=i, title=f"诉求{i}") for i in range(size))
    claims = Claim.objects.bulk_create(
        Claim(aspect=aspect, department=departments[i % 2], claimed_by=officials[i % 2], claimed_at=now,
              due_on=timezone.localdate() + timedelta(days=3), state="replied", first_replied_at=now)
        for i, aspect in enumerate(aspects))
    replies = Reply.objects.bulk_create(
        Reply(claim=claim, author=officials[i % 2], body="答复", body_html="<p>答复</p>", disposition="resolved")
        for i, claim in enumerate(claims))
    FollowUp.objects.bulk_create(FollowUp(claim=claim, author=claim.claimed_by, body="进展", body_html="<p>进展</p>")
                                 for claim in claims)
    Press.objects.bulk_create(Press(claim=claim, reply=reply, leader=leader, note="请加快")
                              for claim, reply in zip(claims, replies, strict=True))
    Rating.objects.bulk_create(Rating(reply=reply, rater=post.author, score="satisfied") for reply in replies[::2])
    type(post).objects.filter(pk=post.pk).update(response_state="answered")
    return claims


@pytest.fixture
def world(consultation, department, official, other_department, other_official, leader):
    return {"departments": [department, other_department], "officials": [official, other_official],
            "leader": leader, "consultation": consultation}


@pytest.mark.parametrize("size", SIZES)
def test_speech_responses_render_in_fixed_queries(size, world, post, client, member,
                                                  django_assert_max_num_queries):
    _fill_post(post, world["departments"], world["officials"], world["leader"], size)
    client.force_login(member)
    with django_assert_max_num_queries(9 + FRAME):  # 8, and one for the replies' and follow-ups' files
        page = client.get(reverse("departments:post_responses", args=[post.pk]))
    assert page.content.decode().count("official-reply") == size


@pytest.mark.parametrize("size", SIZES)
def test_speech_responses_fragment_for_an_official_in_fixed_queries(size, world, post, official,
                                                                    django_assert_max_num_queries):
    _fill_post(post, world["departments"], world["officials"], world["leader"], size)
    request = RequestFactory().get("/")
    request.user = official
    request.htmx = False
    post = type(post).objects.select_related("consultation").get(pk=post.pk)
    with django_assert_max_num_queries(8):  # 7, and one for the replies' and follow-ups' files
        html = render_to_string("departments/partials/post_responses.html", {"post": post}, request=request)
    assert html.count("official-reply") == size


@pytest.mark.parametrize("size", SIZES)
def test_workspace_in_fixed_queries(size, world, consultation, official, member, client, django_assert_max_num_queries):
    posts = [factories.PostFactory.build(consultation=consultation, subtopic=consultation.subtopics.first(),
                                         author=member) for _ in range(size)]
    posts = type(posts[0]).objects.bulk_create(posts)
    _fill_post(posts[0], world["departments"], world["officials"], world["leader"], size)
    client.force_login(official)
    for tab in ("awaiting", "replied", "pressed", "overdue"):
        with django_assert_max_num_queries(11 + FRAME):
            page = client.get(reverse("departments:workspace"), {"tab": tab})
        assert page.status_code == 200
    assert page.context["ws"].counts["awaiting"] == size - 1


@pytest.mark.parametrize("size", SIZES)
def test_consultation_figures_in_fixed_queries(size, world, consultation, post, django_assert_max_num_queries):
    _fill_post(post, world["departments"], world["officials"], world["leader"], size)
    with django_assert_max_num_queries(3):
        html = render_to_string("departments/partials/consultation_figures.html", {"consultation": consultation})
    assert "已答复诉求" in html


@pytest.mark.parametrize("size", SIZES)
def test_department_page_in_fixed_queries(size, world, post, department, client, django_assert_max_num_queries):
    _fill_post(post, world["departments"], world["officials"], world["leader"], size)
    with django_assert_max_num_queries(6 + FRAME):
        page = client.get(department.get_absolute_url())
    assert page.context["record"]["replies"] == size // 2
