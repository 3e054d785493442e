"""Readers who may not act on a speech's responses share one rendering of the block per content version;
every response action makes it again, and those who may act get theirs rendered for them."""

import pytest
from django.urls import reverse

from departments import services
from departments.models import Disposition

pytestmark = pytest.mark.django_db


def responses_url(post):
    return reverse("departments:post_responses", args=[post.pk])


def test_readers_see_a_reply_as_soon_as_it_is_published(client, post, official, department,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.claim_aspect(official, post, department)
    assert "已纳入年度计划" not in client.get(responses_url(post)).content.decode()  # the block is now shared
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_reply(official, claim, "已纳入年度计划。", Disposition.RESOLVED)
    assert "已纳入年度计划" in client.get(responses_url(post)).content.decode()


def test_a_second_reader_gets_the_shared_block_without_its_queries(client, post, official, department,
                                                                   django_assert_max_num_queries):
    services.claim_aspect(official, post, department)
    first = client.get(responses_url(post))
    with django_assert_max_num_queries(4):  # consultation and speech only: no aspects, claims, replies
        again = client.get(responses_url(post))
    block = 'id="responses"'
    assert again.content.decode().split(block)[1] == first.content.decode().split(block)[1]


def test_those_who_may_act_get_their_own_block_not_the_shared_one(client, post, official, department):
    client.get(responses_url(post))  # an anonymous reader fills the shared block
    client.force_login(official)
    html = client.get(responses_url(post)).content.decode()
    assert reverse("departments:claim", args=[post.pk]) in html  # the official may claim
    client.logout()
    assert reverse("departments:claim", args=[post.pk]) not in client.get(responses_url(post)).content.decode()
