"""Personal sign-in links: sign in their person once; used, expired or forged links go to sign-in."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.access import issue_link
from accounts.models import AccessLink

pytestmark = pytest.mark.django_db


def path_of(url):
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_a_link_signs_in_its_person_and_leads_to_the_consultation(client, member, consultation):
    url = path_of(issue_link(member, consultation.get_absolute_url()))
    page = client.get(url)
    assert page.status_code == 200 and member.shown_name in page.content.decode()
    assert "_auth_user_id" not in client.session  # a GET (a link scanner) signs nobody in
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == consultation.get_absolute_url()
    assert client.session["_auth_user_id"] == str(member.pk)


def test_a_used_link_falls_back_to_sign_in_with_a_message(client, member, consultation):
    url = path_of(issue_link(member, consultation.get_absolute_url()))
    client.post(url)
    client.logout()
    response = client.post(url, follow=True)
    assert "已经使用过" in response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_an_expired_link_falls_back_to_sign_in(client, member, consultation):
    url = path_of(issue_link(member, consultation.get_absolute_url()))
    AccessLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(url, follow=True)
    assert "已过期" in response.content.decode()
    assert "next=" in response.redirect_chain[-1][0]


def test_a_forged_link_is_refused(client, member, consultation):
    url = path_of(issue_link(member, consultation.get_absolute_url()))
    response = client.post(url[:-3] + "x/", follow=True)
    assert "无效" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_link_replaces_someone_else_signed_in(client, member, other_member, consultation):
    client.force_login(other_member)
    client.post(path_of(issue_link(member, consultation.get_absolute_url())))
    assert client.session["_auth_user_id"] == str(member.pk)


def test_only_a_hash_of_the_token_is_stored(member):
    url = issue_link(member, "/")
    token = url.rstrip("/").rsplit("/", 1)[1].split(":")[0]
    assert token not in AccessLink.objects.get().token_hash


def test_the_link_page_offers_sign_in_by_sms_code_for_next_time(client, member, consultation):
    html = client.get(path_of(issue_link(member, consultation.get_absolute_url()))).content.decode()
    assert f'href="/accounts/login/code/?next=%2Fc%2F{consultation.slug}%2F"' in html


def test_a_used_link_leads_to_a_page_offering_sign_in_by_sms_code(client, member, consultation):
    url = path_of(issue_link(member, consultation.get_absolute_url()))
    client.post(url)
    client.logout()
    html = client.post(url, follow=True).content.decode()
    assert "短信验证码登录" in html and "/accounts/login/code/?next=" in html
