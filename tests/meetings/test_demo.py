"""The demo consultation is lived-in: speeches under every sub-topic, threads, likes, a leader's comments."""

import io

import pytest
from django.core.management import call_command

from accounts.models import Role
from meetings.models import Comment, Consultation, Post, PostLike

pytestmark = pytest.mark.django_db


def counts():
    return Post.objects.count(), Comment.objects.count(), PostLike.objects.count()


def test_demo_speeches_comments_and_likes_load_once(client):
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first  # idempotent
    consultation = Consultation.objects.get(slug="consolidate-poverty-alleviation")
    for subtopic in consultation.subtopics.all():
        assert subtopic.posts.count() >= 3
    assert Comment.objects.filter(author__role=Role.LEADER).count() >= 3
    assert Comment.objects.filter(depth__gte=1).exists()
    assert Comment.objects.filter(is_approved=False).exists()  # a public comment waits for staff
    assert PostLike.objects.count() >= 15
    assert all("脱贫" in p.body or "返贫" in p.body or "搬迁" in p.body or "就业" in p.body or "产业" in p.body
               or "医" in p.body or "学" in p.body or "房" in p.body for p in Post.objects.all())
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "关于健全防止返贫动态监测机制的建议" in page
    speech = Post.objects.get(title="关于健全防止返贫动态监测机制的建议")
    html = client.get(speech.get_absolute_url()).content.decode()
    assert "领导点评" in html and "leader-comment" in html
