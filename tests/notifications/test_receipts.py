"""Delivery receipts: the SMS providers push reports to an authenticated callback URL, which moves a
sent SMS to delivered or refused by carrier, shown per invitee on the invitations page."""

import json

import pytest
from django.urls import reverse

from accounts.models import Channel, Notification
from meetings.invitations import services

pytestmark = pytest.mark.django_db
Status = Notification.Status
TOKEN = "r3ceipt-t0ken-long-and-random"


@pytest.fixture
def receipts_on(settings):
    settings.NOTIFY_RECEIPT_TOKEN = TOKEN


def receipt_url(provider, token=TOKEN):
    return reverse("receipts:delivery_receipt", args=[provider, token])


def invite(staff, consultation, people, capture):
    with capture(execute=True):
        services.send_invitations(staff, consultation, people=people, channels=[Channel.SMS])
    return Notification.objects.filter(topic=consultation.notification_topic, channel=Channel.SMS)


@pytest.fixture
def sent_by_aliyun(aliyun, staff, consultation, member, receipts_on, django_capture_on_commit_callbacks):
    [row] = invite(staff, consultation, [member], django_capture_on_commit_callbacks)
    assert row.status == Status.SENT and row.provider_message_id == aliyun.received[0]["biz_id"]
    return row


@pytest.fixture
def sent_by_tencent(tencent, staff, consultation, member, receipts_on, django_capture_on_commit_callbacks):
    [row] = invite(staff, consultation, [member], django_capture_on_commit_callbacks)
    assert row.status == Status.SENT and row.provider_message_id == tencent.received[0]["serial"]
    return row


def test_alibaba_report_marks_the_sms_delivered_and_answers_as_alibaba_expects(client, aliyun, sent_by_aliyun):
    response = aliyun.push_reports(receipt_url("aliyun"), client)
    assert response.status_code == 200 and response.json() == {"code": 0, "msg": "成功"}
    sent_by_aliyun.refresh_from_db()
    assert sent_by_aliyun.status == Status.DELIVERED and sent_by_aliyun.receipt_at


def test_alibaba_failed_report_marks_the_sms_refused_by_carrier_with_the_reason(client, aliyun, sent_by_aliyun):
    aliyun.push_reports(receipt_url("aliyun"), client, delivered=False, err_code="MK:0004", err_msg="空号")
    sent_by_aliyun.refresh_from_db()
    assert sent_by_aliyun.status == Status.REFUSED and "MK:0004" in sent_by_aliyun.last_error


def test_tencent_status_callback_marks_delivered_and_refused(client, tencent, sent_by_tencent):
    response = tencent.push_reports(receipt_url("tencent"), client, delivered=False)
    assert response.status_code == 200 and response.json() == {"result": 0, "errmsg": "OK"}
    sent_by_tencent.refresh_from_db()
    assert sent_by_tencent.status == Status.REFUSED and "用户手机关机" in sent_by_tencent.last_error


def test_tencent_success_report_marks_delivered(client, tencent, sent_by_tencent):
    tencent.push_reports(receipt_url("tencent"), client)
    sent_by_tencent.refresh_from_db()
    assert sent_by_tencent.status == Status.DELIVERED


def test_a_second_report_for_the_same_message_changes_nothing(client, aliyun, sent_by_aliyun):
    aliyun.push_reports(receipt_url("aliyun"), client)
    aliyun.push_reports(receipt_url("aliyun"), client, delivered=False)
    sent_by_aliyun.refresh_from_db()
    assert sent_by_aliyun.status == Status.DELIVERED


def test_a_report_for_an_unknown_message_is_acknowledged_and_changes_nothing(client, receipts_on, member):
    response = client.post(receipt_url("aliyun"), json.dumps([{"biz_id": "nope^0", "success": True}]),
                           content_type="application/json")
    assert response.status_code == 200
    assert not Notification.objects.filter(status=Status.DELIVERED, channel=Channel.SMS).exists()


@pytest.mark.parametrize("token", ["wrong-token", TOKEN[:-1], TOKEN + "x"])
def test_a_wrong_token_is_not_found_and_changes_nothing(client, aliyun, sent_by_aliyun, token):
    response = aliyun.push_reports(receipt_url("aliyun", token), client)
    assert response.status_code == 404
    sent_by_aliyun.refresh_from_db()
    assert sent_by_aliyun.status == Status.SENT


def test_receipts_are_off_until_a_token_is_configured(client, aliyun, sent_by_aliyun, settings):
    settings.NOTIFY_RECEIPT_TOKEN = ""
    assert aliyun.push_reports(receipt_url("aliyun", "anything"), client).status_code == 404
    sent_by_aliyun.refresh_from_db()
    assert sent_by_aliyun.status == Status.SENT


def test_an_unknown_provider_is_not_found(client, receipts_on):
    assert client.post(receipt_url("sms-gateway"), "[]", content_type="application/json").status_code == 404


def test_only_post_is_accepted(client, receipts_on):
    assert client.get(receipt_url("aliyun")).status_code == 405


def test_the_callback_needs_no_csrf_token(receipts_on):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(receipt_url("tencent"), "[]", content_type="application/json").status_code == 200


@pytest.mark.parametrize("body", ["not json", '{"biz_id": "1"}', "[1, 2]"])
def test_a_malformed_report_is_refused_and_changes_nothing(client, aliyun, sent_by_aliyun, body):
    response = client.post(receipt_url("aliyun"), body, content_type="application/json")
    assert response.status_code == 400
    sent_by_aliyun.refresh_from_db()
    assert sent_by_aliyun.status == Status.SENT


def test_a_report_over_the_size_limit_is_refused(client, aliyun, sent_by_aliyun, settings):
    settings.NOTIFY_RECEIPT_MAX_BYTES = 100
    response = aliyun.push_reports(receipt_url("aliyun"), client)
    assert response.status_code == 413
    sent_by_aliyun.refresh_from_db()
    assert sent_by_aliyun.status == Status.SENT


def test_the_invitations_page_shows_delivery_per_invitee_and_counts_it(client, aliyun, staff, consultation, member,
                                                                      leader, receipts_on,
                                                                      django_capture_on_commit_callbacks):
    invite(staff, consultation, [member, leader], django_capture_on_commit_callbacks)
    report = [item for item in aliyun.delivery_report() if item["phone_number"] == member.phone]
    client.post(receipt_url("aliyun"), json.dumps(report), content_type="application/json")
    client.force_login(staff)
    text = client.get(reverse("meetings:invitations", args=[consultation.slug])).content.decode()
    assert 'class="delivery delivery-delivered"' in text and "已送达" in text
    assert "<dt>已送达</dt><dd>1</dd>" in text  # the receipts confirmed one message


def test_a_fake_provider_pushes_its_report_over_http_to_the_live_server(live_server, aliyun, staff, consultation,
                                                                        member, receipts_on,
                                                                        django_capture_on_commit_callbacks):
    [row] = invite(staff, consultation, [member], django_capture_on_commit_callbacks)
    response = aliyun.push_reports(live_server.url + receipt_url("aliyun"))
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.status == Status.DELIVERED
