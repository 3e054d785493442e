"""Anonymous readers share one rendering of a consultation page per content version, language and query;
what is theirs (CSRF token, onlooker count, visitor cookie, messages) stays theirs."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from meetings import onlookers, page_cache, services
from meetings.models import Consultation, Status

pytestmark = pytest.mark.django_db


def page(consultation):
    return reverse("meetings:consultation", args=[consultation.slug])


def test_a_second_anonymous_reader_gets_the_shared_page_without_queries(client, consultation,
                                                                         django_assert_max_num_queries):
    first = client.get(page(consultation)).content.decode()
    with django_assert_max_num_queries(4):  # a new onlooker written (a Redis HyperLogLog in production: none)
        again = Client(HTTP_USER_AGENT="another browser").get(page(consultation))
    assert again.status_code == 200 and consultation.title in again.content.decode()
    strip = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|nonce=")[^"]+')
    assert strip.sub("", again.content.decode()) == strip.sub("", first)


def test_a_new_speech_shows_on_the_shared_page_within_seconds(client, consultation, member, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    client.get(page(consultation))
    monkeypatch.setattr(page_cache, "STALE_SECONDS", -1)  # as if STALE_SECONDS had passed
    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(member, consultation, consultation.subtopics.first(), "新的发言标题", "正文")
    assert "新的发言标题" in client.get(page(consultation)).content.decode()


def test_readers_share_a_page_made_seconds_before_the_last_write(client, consultation, member,
                                                                 django_capture_on_commit_callbacks):
    client.get(page(consultation))
    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(member, consultation, consultation.subtopics.first(), "刚刚的发言", "正文")
    assert "刚刚的发言" not in client.get(page(consultation)).content.decode()  # at most STALE_SECONDS behind


def test_each_reader_gets_their_own_working_csrf_token(consultation):
    Client().get(page(consultation))  # fills the shared page
    reader = Client(enforce_csrf_checks=True, HTTP_USER_AGENT="reader")
    html = reader.get(page(consultation)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert "csrf-token-of-the-reader" not in html
    answer = reader.post(reverse("set_language"), {"csrfmiddlewaretoken": token, "language": "en", "next": "/"})
    assert answer.status_code == 302


def test_every_reader_of_a_shared_page_is_counted_as_an_onlooker(consultation):
    for agent in ("a", "b", "c"):
        response = Client(HTTP_USER_AGENT=agent).get(page(consultation))
        assert response.cookies["cc_visitor"].value
    counted = Consultation.objects.get(pk=consultation.pk)  # as a later request loads it
    assert onlookers.onlooker_count(counted) == 3  # Redis HyperLogLog or database rows


def test_readers_with_a_session_get_their_messages_not_the_shared_page(client, consultation, member):
    client.get(page(consultation))
    client.force_login(member)
    client.post(reverse("account_logout"))  # leaves a "signed out" message in the anonymous session
    html = client.get(page(consultation)).content.decode()
    assert 'class="message' in html


def test_an_unpublished_consultation_is_not_served_from_the_shared_page(client, consultation,
                                                                       django_capture_on_commit_callbacks):
    assert client.get(page(consultation)).status_code == 200
    consultation.status = Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        consultation.save()
    assert Client(HTTP_USER_AGENT="later").get(page(consultation)).status_code == 404


def test_each_shared_page_carries_the_nonce_of_its_own_content_security_policy(consultation):
    Client().get(page(consultation))
    response = Client(HTTP_USER_AGENT="reader").get(page(consultation))
    policy = response.headers["Content-Security-Policy"]
    nonces = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
    assert nonces and all(f"'nonce-{nonce}'" in policy for nonce in nonces)


def test_a_hidden_speech_leaves_the_shared_page_at_once(client, consultation, member, staff,
                                                        django_capture_on_commit_callbacks):
    from meetings.moderation import services as moderation

    speech = services.create_post(member, consultation, consultation.subtopics.first(), "将被隐藏的发言", "正文")
    assert "将被隐藏的发言" in client.get(page(consultation)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(staff, speech, "违规")
    assert "将被隐藏的发言" not in client.get(page(consultation)).content.decode()  # within STALE_SECONDS too


def test_anonymous_readers_share_a_speech_page_and_each_counts_as_a_view(consultation, member,
                                                                          django_assert_max_num_queries):
    from meetings.models import Post

    speech = services.create_post(member, consultation, consultation.subtopics.first(), "共享的发言", "正文")
    Client(HTTP_USER_AGENT="first").get(speech.get_absolute_url())
    with django_assert_max_num_queries(5):  # a new onlooker and a view counted; nothing read for the page
        response = Client(HTTP_USER_AGENT="second").get(speech.get_absolute_url())
    assert "共享的发言" in response.content.decode() and response.cookies["cc_visitor"].value
    assert Post.objects.get(pk=speech.pk).view_count == 2


def test_a_new_comment_shows_on_the_shared_speech_page_within_seconds(client, consultation, member, other_member,
                                                                       monkeypatch,
                                                                       django_capture_on_commit_callbacks):
    speech = services.create_post(member, consultation, consultation.subtopics.first(), "发言", "正文")
    client.get(speech.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(other_member, speech, "刚写的评论")
    assert "刚写的评论" not in client.get(speech.get_absolute_url()).content.decode()  # at most 2 s behind
    monkeypatch.setattr(page_cache, "STALE_SECONDS", -1)  # as if they had passed
    assert "刚写的评论" in client.get(speech.get_absolute_url()).content.decode()


def test_a_consultation_read_from_the_cache_shows_its_changes_at_once(client, consultation, member,
                                                                       django_assert_max_num_queries):
    client.force_login(member)
    client.get(page(consultation))
    with django_assert_max_num_queries(9):  # consultation, stages and sub-topics come from the cache
        client.get(page(consultation))
    consultation.title = "改过的协商标题"
    consultation.save()
    stage = consultation.stages.first()
    stage.name = "改过的阶段"
    stage.save()
    html = client.get(page(consultation)).content.decode()
    assert "改过的协商标题" in html and "改过的阶段" in html
