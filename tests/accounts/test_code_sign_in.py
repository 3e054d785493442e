"""A member with only a phone number signs in with a one-time code sent by SMS through the outbox."""

import logging
import re

import pytest
from django.utils import timezone

from accounts.models import Channel, Notification, Trigger
from tests.factories import ConsultationFactory, MemberFactory, OfficialFactory, StaffFactory

PHONE = "+8613800138011"


@pytest.fixture
def phone_member(db):
    member = MemberFactory(phone=PHONE, real_name="李明华", email="")
    member.set_unusable_password()
    member.save()
    return member


def request_code(client, phone="138 0013 8011", next_url=None):
    data = {"phone": phone}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/code/", data)


def sent_code(member) -> str:
    row = Notification.objects.filter(recipient=member, trigger=Trigger.SIGN_IN_CODE).latest("pk")
    return row.params["sign_in_code"]


def test_member_with_only_a_phone_signs_in_with_the_code_from_the_sms(
        client, phone_member, django_capture_on_commit_callbacks):
    consultation = ConsultationFactory()
    target = f"/c/{consultation.slug}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = request_code(client, next_url=target)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/code/confirm/")

    row = Notification.objects.get(recipient=phone_member, trigger=Trigger.SIGN_IN_CODE)
    assert row.channel == Channel.SMS and row.address == PHONE and row.urgent
    assert row.status in (Notification.Status.SENT, Notification.Status.DELIVERED)  # went out at once
    code = row.params["sign_in_code"]
    assert re.fullmatch(r"\d{6}", code) and code in row.body

    response = client.post(response["Location"], {"code": code, "next": target})
    assert response.status_code == 302 and response["Location"] == target
    assert client.get("/me/profile/").status_code == 200
    phone_member.refresh_from_db()
    assert phone_member.phone_verified


def test_sign_in_code_never_lands_in_the_in_app_centre(client, phone_member):
    request_code(client)
    assert not Notification.objects.filter(recipient=phone_member, channel=Channel.IN_APP).exists()


def test_sign_in_code_ignores_quiet_hours(client, phone_member, settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_QUIET_HOURS = "00:00-23:59"
    with django_capture_on_commit_callbacks(execute=True):
        request_code(client)
    row = Notification.objects.get(recipient=phone_member, trigger=Trigger.SIGN_IN_CODE)
    assert row.not_before is None and row.status == Notification.Status.SENT


def test_wrong_code_is_refused(client, phone_member):
    confirm = request_code(client)["Location"]
    code = sent_code(phone_member)
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(confirm, {"code": wrong})
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert client.get("/me/profile/").status_code == 302


def test_expired_code_is_refused(client, phone_member, settings):
    confirm = request_code(client)["Location"]
    code = sent_code(phone_member)
    session = client.session
    state = session["account_login"]["state"]["stages"]["login_by_code"]["data"]
    state["at"] = timezone.now().timestamp() - settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT - 1
    session.save()
    response = client.post(confirm, {"code": code})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
    assert client.get("/me/profile/").status_code == 302


def test_used_code_does_not_sign_in_twice(client, phone_member):
    confirm = request_code(client)["Location"]
    code = sent_code(phone_member)
    assert client.post(confirm, {"code": code}).status_code == 302
    client.post("/accounts/logout/")
    response = client.post(confirm, {"code": code})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
    assert client.get("/me/profile/").status_code == 302


def test_too_many_codes_for_one_phone_are_refused_with_a_clear_message(client, phone_member):
    for _ in range(3):
        assert request_code(client).status_code == 302
        client.cookies.clear()  # a fresh visitor each time: the limit follows the number, not the session
    response = request_code(client)
    assert response.status_code == 200
    assert "请等待十分钟后再试" in response.content.decode()
    assert Notification.objects.filter(recipient=phone_member, trigger=Trigger.SIGN_IN_CODE).count() == 3


def test_too_many_codes_from_one_address_are_refused(client, db):
    people = [MemberFactory() for _ in range(11)]
    for person in people[:10]:
        assert request_code(client, person.phone).status_code == 302
        client.cookies.clear()
    response = request_code(client, people[10].phone)
    assert response.status_code == 200 and "请等待十分钟后再试" in response.content.decode()


def test_code_is_masked_in_the_console_log(client, phone_member, caplog, django_capture_on_commit_callbacks):
    with caplog.at_level(logging.INFO, logger="accounts.notifications.transports.console"), \
            django_capture_on_commit_callbacks(execute=True):
        request_code(client)
    code = sent_code(phone_member)
    assert caplog.text and code not in caplog.text
    assert code[0] + "*****" in caplog.text


def test_unknown_phone_gets_the_same_answer_and_no_sms(client, db):
    response = request_code(client, "139 0013 9999")
    assert response.status_code == 302
    assert not Notification.objects.filter(trigger=Trigger.SIGN_IN_CODE).exists()


def test_official_lands_on_the_workspace_after_signing_in(client, db):
    official = OfficialFactory(phone="+8613900139001")
    confirm = request_code(client, "13900139001")["Location"]
    response = client.post(confirm, {"code": sent_code(official)})
    assert response["Location"] == "/departments/workspace/"


def test_staff_land_on_their_consultations_after_signing_in(client, db):
    staff = StaffFactory(phone="+8613900139002")
    confirm = request_code(client, "13900139002")["Location"]
    response = client.post(confirm, {"code": sent_code(staff)})
    assert response["Location"] == "/admin/meetings/consultation/"


def test_member_without_next_lands_on_the_home_page(client, phone_member):
    confirm = request_code(client)["Location"]
    assert client.post(confirm, {"code": sent_code(phone_member)})["Location"] == "/"


def test_password_sign_in_by_phone_number_still_works(client, db):
    from tests.factories import PASSWORD

    MemberFactory(phone="+8613800138012")
    response = client.post("/accounts/login/", {"login": "138 0013 8012", "password": PASSWORD})
    assert response.status_code == 302


def test_sign_in_page_offers_the_code(client, db):
    html = client.get("/accounts/login/?next=/c/x/").content.decode()
    assert 'href="/accounts/login/code/?next=%2Fc%2Fx%2F"' in html
    assert "短信验证码登录" in html


def test_changing_the_phone_number_clears_its_verification(client, phone_member):
    phone_member.phone_verified = True
    phone_member.save()
    client.force_login(phone_member)
    client.post("/me/profile/", {"real_name": "李明华", "phone": "13800138099", "email": "", "title": "",
                                 "display_name": ""})
    phone_member.refresh_from_db()
    assert phone_member.phone == "+8613800138099" and not phone_member.phone_verified
