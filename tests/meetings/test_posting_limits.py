"""One person may post only so fast (settings.POSTING_RATE_LIMITS): past the limit a speech or comment
is refused with a clear message saying when to try again, nothing is saved, and others are not held up."""

import pytest
from django.urls import reverse

from accounts import posting_limits
from meetings import services
from meetings.models import Comment, Post

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def limits(settings):
    settings.POSTING_RATE_LIMITS = {"speech": "2/10m", "comment": "3/1m"}
    return settings.POSTING_RATE_LIMITS


@pytest.fixture
def clock(monkeypatch):
    now = {"t": 1_800_000_000.0}
    monkeypatch.setattr(posting_limits.time, "time", lambda: now["t"])
    return now


def speak(client, consultation, title):
    return client.post(reverse("meetings:post_create", args=[consultation.slug]), {
        "subtopic": consultation.subtopics.get().pk, "title": title, "body": "正文"})


def test_the_defaults_are_five_speeches_in_ten_minutes_and_twenty_comments_a_minute():
    import consultation.settings as project_settings  # the module's values, not the tests' override

    assert project_settings.POSTING_RATE_LIMITS == {"speech": "5/10m", "comment": "20/1m"}
    assert posting_limits.parse_rate("5/10m") == (5, 600) and posting_limits.parse_rate("20/m") == (20, 60)
    assert posting_limits.parse_rate("") is None


def test_speeches_past_the_limit_are_refused_with_the_form_kept(client, consultation, member, other_member,
                                                               limits, clock):
    consultation.participants.add(other_member)
    client.force_login(member)
    assert speak(client, consultation, "第一篇").status_code == 302
    assert speak(client, consultation, "第二篇").status_code == 302
    response = speak(client, consultation, "第三篇")
    text = response.content.decode()
    assert response.status_code == 429 and int(response["Retry-After"]) == 600
    assert "您发布得太频繁了，请在 10 分钟后再试。" in text
    assert "第三篇" in text  # what they wrote is still in the form
    assert Post.objects.filter(author=member).count() == 2
    client.force_login(other_member)
    assert speak(client, consultation, "别人的发言").status_code == 302  # per person
    clock["t"] += 601
    client.force_login(member)
    assert speak(client, consultation, "第三篇").status_code == 302
    assert Post.objects.filter(author=member).count() == 3


def test_comments_past_the_limit_are_refused_in_place_and_by_plain_post(client, consultation, speech, member,
                                                                       limits, clock):
    client.force_login(member)
    url = reverse("meetings:comment_create", args=[consultation.slug, speech.pk])
    for n in range(3):
        assert client.post(url, {"body": f"评论{n}"}, **HTMX).status_code == 200
    fragment = client.post(url, {"body": "第四条"}, **HTMX)
    assert "您发布得太频繁了" in fragment.content.decode() and fragment["HX-Retarget"] == "#flash"
    clock["t"] += 30
    page = client.post(url, {"body": "第五条"}, follow=True)
    assert "您发布得太频繁了，请在 30 秒后再试。" in page.content.decode()
    assert Comment.objects.filter(author=member).count() == 3
    clock["t"] += 31
    assert client.post(url, {"body": "一分钟后"}, **HTMX).status_code == 200
    assert Comment.objects.filter(author=member).count() == 4


def test_the_services_hold_every_way_in_to_the_same_pace(consultation, speech, other_member, limits, clock):
    for n in range(3):
        services.add_comment(other_member, speech, f"意见{n}")
    with pytest.raises(posting_limits.RateLimited):
        services.add_comment(other_member, speech, "第四条")
    assert speech.comments.count() == 3


def test_posting_goes_on_when_the_cache_is_down(consultation, speech, other_member, limits, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(posting_limits.cache, "add", broken)
    monkeypatch.setattr(posting_limits.cache, "get", broken)
    for n in range(5):
        services.add_comment(other_member, speech, f"意见{n}")
    assert speech.comments.count() == 5
    assert "not applied" in caplog.text
