"""Onlookers: unique viewers per consultation (signed in or not), and view counts per speech."""

import pytest
from django.urls import reverse

from meetings import onlookers
from meetings.models import Consultation, Onlooker, Post

pytestmark = pytest.mark.django_db


def visit(client, url, address="10.0.0.1", agent="Mozilla/5.0 (iPhone)"):
    return client.get(url, REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


def test_without_redis_each_visitor_counts_once_in_the_database(client, django_user_model, consultation, member,
                                                                settings):
    settings.REDIS_URL = ""
    url = consultation.get_absolute_url()
    first = visit(client, url)
    assert onlookers.COOKIE in first.cookies  # the anonymous visitor keeps a cookie
    visit(client, url)
    visit(client, url, address="10.0.0.2")  # the same browser (cookie) from another network
    from django.test import Client

    visit(Client(), url, address="10.0.0.3")  # someone else
    signed_in = Client()
    signed_in.force_login(member)
    visit(signed_in, url)
    visit(signed_in, url, address="10.9.9.9")
    consultation.refresh_from_db()
    assert consultation.onlooker_count == 3 == Onlooker.objects.filter(consultation=consultation).count()
    assert onlookers.onlooker_count(consultation) == 3


def test_speech_pages_count_their_onlookers_and_views(client, consultation, speech, settings):
    settings.REDIS_URL = ""
    visit(client, speech.get_absolute_url())
    visit(client, speech.get_absolute_url())
    from django.test import Client

    visit(Client(), speech.get_absolute_url(), address="10.0.0.7")
    assert Post.objects.get(pk=speech.pk).view_count == 2
    assert Consultation.objects.get(pk=consultation.pk).onlooker_count == 2
    html = visit(client, consultation.get_absolute_url()).content.decode()
    assert "2 浏览" in html and "<dt>围观</dt><dd>2</dd>" in html


def test_with_redis_visitors_go_into_a_hyperloglog(redis_url, consultation, settings):
    from django.test import Client

    settings.REDIS_URL = redis_url
    onlookers._redis().delete(onlookers._hll_key(consultation.pk))
    url = consultation.get_absolute_url()
    for address in ("10.1.0.1", "10.1.0.2", "10.1.0.3", "10.1.0.3"):
        visit(Client(), url, address=address)
    assert onlookers.onlooker_count(consultation) == 3
    assert not Onlooker.objects.exists()  # no row per visitor when Redis is there
    consultation.refresh_from_db()
    assert consultation.onlooker_count >= 1  # refreshed now and then for lists that show it
    onlookers._redis().delete(onlookers._hll_key(consultation.pk))


def test_figures_show_onlookers(client, consultation, settings):
    settings.REDIS_URL = ""
    visit(client, consultation.get_absolute_url())
    html = client.get(reverse("meetings:figures", args=[consultation.slug])).content.decode()
    assert "<dt>围观</dt><dd>1</dd>" in html
