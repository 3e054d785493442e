"""Failed sign-ins are limited per person, however the login is spelt, and the admin signs in through
the same limited page."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, MemberFactory, StaffFactory

pytestmark = pytest.mark.django_db

TOO_MANY = "登录失败次数过多，请稍后重试。"


def sign_in(client, login, password):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def test_alternating_username_and_phone_spellings_share_one_limit(client):
    member = MemberFactory(username="member3", phone="+8613800138013")
    for login in ["member3", "+8613800138013", "138-0013-8013", "MEMBER3", "13800138013"]:
        response = sign_in(client, login, "wrong-password")
        assert response.status_code == 200 and TOO_MANY not in response.content.decode()
    refused = sign_in(client, "138 0013 8013", PASSWORD)
    assert refused.status_code == 200 and TOO_MANY in refused.content.decode()
    assert "_auth_user_id" not in client.session  # the right password, refused: one limit for member3
    cache.clear()  # the window has passed
    assert sign_in(client, "138 0013 8013", PASSWORD).status_code == 302
    assert int(client.session["_auth_user_id"]) == member.pk


def test_another_persons_failures_do_not_lock_this_person_out(client):
    MemberFactory(username="member3", phone="+8613800138013")
    other = MemberFactory(username="member4")
    for _ in range(5):
        sign_in(client, "member3", "wrong-password")
    assert sign_in(client, "member4", PASSWORD).status_code == 302
    assert int(client.session["_auth_user_id"]) == other.pk


def test_the_admin_signs_in_through_the_limited_page(client):
    staff = StaffFactory(username="clerk")
    response = client.post("/admin/login/?next=/admin/", {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session  # the admin's own form no longer signs anyone in
    for _ in range(5):
        sign_in(client, "clerk", "wrong-password")
    assert TOO_MANY in sign_in(client, "clerk", PASSWORD).content.decode()
    assert "_auth_user_id" not in client.session

    cache.clear()  # the window has passed
    assert sign_in(client, "clerk", PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200 and int(client.session["_auth_user_id"]) == staff.pk


def test_the_admin_sign_in_page_sends_people_to_the_site_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login")) and "next=%2Fadmin%2F" in response["Location"]


def test_behind_a_proxy_one_client_cannot_lock_out_everyone(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # from the environment variable of the same name
    people = [MemberFactory() for _ in range(11)]
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for person in people[:10]:
        client.post(reverse("account_login"), {"login": person.username, "password": "wrong"}, **attacker)
    refused = client.post(reverse("account_login"), {"login": people[10].username, "password": PASSWORD}, **attacker)
    assert TOO_MANY in refused.content.decode()
    answered = client.post(reverse("account_login"), {"login": people[10].username, "password": PASSWORD},
                           HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert answered.status_code == 302


def test_the_trusted_proxy_count_is_read_from_the_environment():
    from tests.foundation.test_settings import manage

    result = manage("shell", "-c", "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)",
                    env_extra={"ALLAUTH_TRUSTED_PROXY_COUNT": "2"})
    assert result.stdout.strip().splitlines()[-1] == "2", result.stderr
