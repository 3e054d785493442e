"""Redis down: the cache and the broker point at a closed loopback port. Pages keep serving, writes
are saved once and answered with success, sign-in works, and the notifications those writes made
wait in the outbox until the sweep delivers them once Redis is back."""

import logging

import pytest
from django.urls import reverse

from accounts.models import Notification
from accounts.tasks import release_due_notifications
from consultation.celery import app as celery_app
from departments.models import Claim, Reply
from meetings.models import Comment, Compilation, Post
from tests import factories

# Real commits, so the after-commit enqueueing runs as in production.
pytestmark = pytest.mark.django_db(transaction=True)

CLOSED = "redis://127.0.0.1:1/0"
Status = Notification.Status


def _use_broker(url: str, *, eager: bool) -> None:
    # Celery keeps its connection pools once made; drop them so the next publish uses `url`.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def redis_down(settings):
    settings.REDIS_URL = CLOSED
    settings.CACHES = {"default": {"BACKEND": "consultation.cache.FailSoftRedisCache", "LOCATION": CLOSED}}
    settings.NOTIFY_QUIET_HOURS = ""
    previous = celery_app.conf.broker_url
    _use_broker(CLOSED, eager=False)
    yield
    _use_broker(previous, eager=True)


def redis_back(settings) -> None:
    """What Redis coming back means for these tests: a working cache and tasks that run."""
    settings.REDIS_URL = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _use_broker("memory://", eager=True)


@pytest.fixture
def speech(consultation, member):
    return factories.PostFactory(consultation=consultation, author=member)


def test_pages_sign_in_and_the_qr_code_keep_serving(redis_down, client, consultation, speech, member, caplog):
    caplog.set_level(logging.WARNING)
    slug = consultation.slug
    for url in ["/", reverse("meetings:consultation", args=[slug]), speech.get_absolute_url(),
                reverse("meetings:figures", args=[slug]), reverse("meetings:qr", args=[slug]),
                reverse("meetings:qr_png", args=[slug]), reverse("account_login")]:
        assert client.get(url).status_code == 200, url
    response = client.post(reverse("account_login"), {"login": member.username, "password": factories.PASSWORD})
    assert response.status_code == 302 and client.get("/").context["user"] == member
    # logged once per back-off window: maybe already while the fixtures wrote the consultation
    logged = caplog.get_records("setup") + caplog.records
    assert any("Redis cache unavailable" in record.getMessage() for record in logged)


def test_a_speech_and_a_comment_are_saved_once_and_answered_with_success(redis_down, client, consultation,
                                                                        speech, member, other_member):
    client.force_login(member)
    response = client.post(reverse("meetings:post_create", args=[consultation.slug]), {
        "subtopic": consultation.subtopics.first().pk, "title": "稳岗就业的三点建议", "body": "扩大以工代赈。"})
    created = Post.objects.exclude(pk=speech.pk).get()
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    consultation.participants.add(other_member)
    client.force_login(other_member)
    response = client.post(reverse("meetings:comment_create", args=[consultation.slug, speech.pk]),
                           {"body": "很有见地"})
    assert response.status_code == 302 and Comment.objects.filter(post=speech).count() == 1


def test_a_claim_and_a_reply_are_saved_once_and_their_sms_is_swept_out_later(redis_down, settings, client,
                                                                             speech, official, department):
    client.force_login(official)
    response = client.post(reverse("departments:claim", args=[speech.pk]),
                           {"department": department.pk, "role": "lead"})
    assert response.status_code == 302 and Claim.objects.count() == 1
    claim = Claim.objects.get()
    response = client.post(reverse("departments:reply", args=[claim.pk]),
                           {"body": "已纳入年度计划。", "disposition": "resolved"})
    assert response.status_code == 302 and Reply.objects.count() == 1
    waiting = Notification.objects.filter(recipient=speech.author, channel="sms")
    assert waiting.exists() and set(waiting.values_list("status", "queued_at")) == {(Status.PENDING, None)}

    redis_back(settings)
    release_due_notifications.delay()
    assert set(waiting.values_list("status", flat=True)) == {Status.SENT}


def test_a_compilation_requested_while_the_broker_is_down_says_so_instead_of_erroring(redis_down, client,
                                                                                     consultation, staff):
    client.force_login(staff)
    response = client.post(reverse("meetings:minutes", args=[consultation.slug]), {"format": "docx",
                                                                                   "edition": "public"})
    assert response.status_code == 302
    compilation = Compilation.objects.get()
    assert compilation.state == Compilation.State.FAILED and compilation.error  # staff see why, and ask again
