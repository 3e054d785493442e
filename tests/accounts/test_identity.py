"""Nobody can pass for someone else: names are normalized and claim no office, titles come from staff,
and an unverified phone number neither squats a member's number nor signs anyone in."""

import pytest
from django.urls import reverse

from accounts.models import ReservedNameWord, User
from tests.factories import PASSWORD, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

OFFICE_REFUSAL = "职务和头衔由政协工作人员设置"


def sign_up(client, username, **extra):
    return client.post(reverse("account_signup"), {
        "username": username, "email": "", "password1": "Zx9-kq2-plmw", "password2": "Zx9-kq2-plmw", **extra})


def save_profile(client, **fields):
    data = {"real_name": "", "display_name": "", "phone": "", "email": "", **fields}
    return client.post(reverse("accounts:profile"), data)


@pytest.mark.parametrize("name", ["张主席", "政协主席", "主\u200b席", "主 席", "ｚｈａｎｇ主席"])
def test_a_self_chosen_display_name_cannot_claim_an_office(client, name):
    person = UserFactory()
    client.force_login(person)
    response = save_profile(client, display_name=name)
    assert response.status_code == 200 and OFFICE_REFUSAL in response.content.decode()
    person.refresh_from_db()
    assert "主" not in person.display_name


def test_sign_up_refuses_an_office_in_the_real_name(client):
    response = sign_up(client, "zhangsan", real_name="张主席")
    assert response.status_code == 200 and OFFICE_REFUSAL in response.content.decode()
    assert not User.objects.filter(username="zhangsan").exists()


def test_staff_add_office_words_in_the_admin_and_they_are_refused_too(client):
    ReservedNameWord.objects.create(word="议长")
    client.force_login(UserFactory())
    assert "不能包含“议长”" in save_profile(client, display_name="王议长").content.decode()


def test_invisible_and_bidi_characters_and_full_width_letters_are_normalized_away(client):
    person = UserFactory()
    client.force_login(person)
    response = save_profile(client, display_name="\u202e李\u200b明\u2066 ＬＩ\u3164", real_name=" 李\u200d明 ")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.display_name == "李明 LI" and person.real_name == "李明"


def test_people_cannot_set_their_own_title(client):
    member = MemberFactory(title="省政协委员，经济界")
    client.force_login(member)
    form = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="title"' not in form
    save_profile(client, display_name="小李", title="政协主席")
    member.refresh_from_db()
    assert member.title == "省政协委员，经济界" and member.display_name == "小李"


def test_staff_set_titles_and_office_names_in_the_admin(client, staff):
    member = MemberFactory()
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[member.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update({"title": "省政协副主席", "display_name": "王副主席", "groups": [], "user_permissions": [],
                 "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00", "notification_settings-TOTAL_FORMS": 0,
                 "notification_settings-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.title == "省政协副主席" and member.display_name == "王副主席"


def test_an_unverified_phone_at_sign_up_squats_nothing_and_signs_nobody_in(client):
    member = MemberFactory(phone="+8613800138013")
    squatter = UserFactory(username="squatter", phone="+8613900139000")  # unverified, typed at sign-up
    assert sign_up(client, "impostor", phone="139 0013 9000").status_code == 302  # not blocked by the squatter
    client.logout()
    refused = client.post(reverse("account_login"), {"login": "13900139000", "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert client.post(reverse("account_login"), {"login": "squatter", "password": PASSWORD}).status_code == 302
    client.logout()
    assert client.post(reverse("account_login"), {"login": "138 0013 8013", "password": PASSWORD}).status_code == 302
    assert int(client.session["_auth_user_id"]) == member.pk
    assert not User.objects.get(username="impostor").phone_verified and not squatter.phone_verified


def test_a_verified_members_number_cannot_be_taken_at_sign_up(client):
    MemberFactory(phone="+8613800138013")
    response = sign_up(client, "impostor", phone="13800138013")
    assert response.status_code == 200 and "该手机号已被注册" in response.content.decode()
    assert not User.objects.filter(username="impostor").exists()


def test_staff_entering_a_squatted_number_for_the_member_verifies_it(client, staff):
    UserFactory(phone="+8613900139000")  # someone typed the member's number at sign-up
    member = MemberFactory(phone=None, phone_verified=False)
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[member.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update({"phone": "13900139000", "groups": [], "user_permissions": [], "date_joined_0": "2026-01-01",
                 "date_joined_1": "00:00:00", "notification_settings-TOTAL_FORMS": 0,
                 "notification_settings-INITIAL_FORMS": 0})
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.phone == "+8613900139000" and member.phone_verified


def test_changing_ones_own_number_makes_it_unverified(client):
    member = MemberFactory(phone="+8613800138013")
    client.force_login(member)
    assert save_profile(client, phone="13800138014").status_code == 302
    member.refresh_from_db()
    assert member.phone == "+8613800138014" and not member.phone_verified
