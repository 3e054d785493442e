"""Phone numbers: validated, stored in one form, unique, and usable to sign in."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from tests.factories import PASSWORD, MemberFactory


def test_a_chinese_mobile_number_is_stored_in_international_form(db):
    person = User(username="li", phone="138 0013 8000")
    person.full_clean(exclude=["password"])
    assert person.phone == "+8613800138000"


@pytest.mark.parametrize("bad", ["12345", "138001380001234", "not a phone", "+86 100"])
def test_an_invalid_phone_number_is_refused_with_a_clear_message(db, bad):
    person = User(username="li", phone=bad)
    with pytest.raises(ValidationError) as refusal:
        person.full_clean(exclude=["password"])
    assert refusal.value.error_dict["phone"][0].code == "invalid_phone"


def test_a_member_signs_in_with_a_phone_number(client, db):
    member = MemberFactory(phone="+8613800138000")
    response = client.post("/accounts/login/", {"login": "138 0013 8000", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/me/profile/").context["user"] == member


def test_a_wrong_password_with_a_phone_number_does_not_sign_in(client, db):
    MemberFactory(phone="+8613800138000")
    response = client.post("/accounts/login/", {"login": "13800138000", "password": "wrong"})
    assert response.status_code == 200
    assert client.get("/me/profile/").status_code == 302


def test_signup_refuses_a_phone_number_already_registered(client, db):
    MemberFactory(phone="+8613800138000")
    response = client.post(
        "/accounts/signup/",
        {"username": "newcomer", "password1": "a-long-pass-phrase-1", "password2": "a-long-pass-phrase-1",
         "phone": "13800138000", "real_name": "王五"},
    )
    assert response.status_code == 200
    assert "该手机号已被注册" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


def test_signup_refuses_an_invalid_phone_number(client, db):
    response = client.post(
        "/accounts/signup/",
        {"username": "newcomer", "password1": "a-long-pass-phrase-1", "password2": "a-long-pass-phrase-1",
         "phone": "12345"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="newcomer").exists()


def test_signup_with_a_valid_phone_stores_it(client, db):
    response = client.post(
        "/accounts/signup/",
        {"username": "newcomer", "password1": "a-long-pass-phrase-1", "password2": "a-long-pass-phrase-1",
         "phone": "13900139000", "real_name": "王五"},
    )
    assert response.status_code == 302
    person = User.objects.get(username="newcomer")
    assert person.phone == "+8613900139000" and person.role == "public"


def test_profile_refuses_another_persons_phone_number(client, db):
    MemberFactory(phone="+8613800138000")
    me = MemberFactory()
    client.force_login(me)
    response = client.post("/me/profile/", {"real_name": "我", "phone": "13800138000"})
    assert response.status_code == 200
    me.refresh_from_db()
    assert me.phone != "+8613800138000"


def test_role_badge_is_shown_next_to_a_name(db):
    from django.template import Context, Template

    leader = MemberFactory(role="leader", real_name="陈志国")
    html = Template("{% load people %}{% person who %}").render(Context({"who": leader}))
    assert "陈志国" in html and "badge-leader" in html
