"""Each real transport against its loopback fake provider: signatures, fields, errors, tokens."""

import pytest

from accounts.models import Channel, Failure, Notification, Trigger
from accounts.notifications import notify
from accounts.notifications.delivery import deliver_one
from tests.factories import MemberFactory

from .conftest import reachable_by_wechat

pytestmark = pytest.mark.django_db
Status = Notification.Status


def send(person, channel, key="e:1", url="http://x/c/1/"):
    notify(person, Trigger.INVITATION, key=key, subject="关于乡村振兴的协商邀请", body="请于三日内发言",
           url=url, channels=[channel])
    row = Notification.objects.get(recipient=person, channel=channel, key__startswith=key + ":")
    deliver_one(row.pk)
    row.refresh_from_db()
    return row


# --- Alibaba Cloud SMS ------------------------------------------------------------------------------
def test_aliyun_sends_a_signed_template_message(member, aliyun):
    row = send(member, Channel.SMS)
    assert row.status == Status.SENT
    [got] = aliyun.received
    assert got["address"] == member.phone
    assert got["params"]["title"] == "关于乡村振兴的协商邀请" and set(got["params"]) == {"name", "title", "deadline"}
    assert not any("http" in value for value in got["params"].values())  # no link in a variable
    assert row.provider_message_id == got["biz_id"] and got["out_id"] == str(row.pk)


def test_aliyun_wrong_secret_fails_permanently_with_the_providers_reason(member, aliyun, settings):
    settings.NOTIFY_PROVIDERS["aliyun"] = {**settings.NOTIFY_PROVIDERS["aliyun"], "access_key_secret": "wrong"}
    row = send(member, Channel.SMS)
    assert (row.status, row.failure) == (Status.FAILED, Failure.PERMANENT)
    assert row.last_error.startswith("SignatureDoesNotMatch")


@pytest.mark.parametrize("code", ["isv.MOBILE_NUMBER_ILLEGAL", "isv.SMS_TEMPLATE_ILLEGAL"])
def test_aliyun_permanent_errors_are_not_retried(member, aliyun, code):
    aliyun.script(member.phone, code)
    row = send(member, Channel.SMS)
    assert (row.status, row.failure, row.attempts) == (Status.FAILED, Failure.PERMANENT, 1)
    assert code in row.last_error


def test_aliyun_unknown_template_is_refused(member, aliyun, settings):
    config = settings.NOTIFY_PROVIDERS["aliyun"]
    templates = {**config["templates"], "invitation": {**config["templates"]["invitation"], "id": "SMS_404"}}
    settings.NOTIFY_PROVIDERS["aliyun"] = {**config, "templates": templates}
    row = send(member, Channel.SMS)
    assert row.last_error.startswith("isv.SMS_TEMPLATE_ILLEGAL")


def test_missing_credentials_fail_with_a_clear_reason(member, settings, no_quiet_hours):
    settings.NOTIFY_TRANSPORTS = {**settings.NOTIFY_TRANSPORTS, "sms": "aliyun"}
    settings.NOTIFY_PROVIDERS = {**settings.NOTIFY_PROVIDERS, "aliyun": {"endpoint": "http://127.0.0.1:9/"}}
    row = send(member, Channel.SMS)
    assert row.status == Status.FAILED and "access_key_id" in row.last_error


def test_a_provider_that_cannot_be_reached_is_retried(member, aliyun, settings):
    settings.NOTIFY_PROVIDERS["aliyun"] = {**settings.NOTIFY_PROVIDERS["aliyun"], "endpoint": "http://127.0.0.1:9/"}
    row = send(member, Channel.SMS)
    assert row.status == Status.PENDING and "ConnectError" in row.last_error


def test_a_provider_that_never_answers_leaves_the_outcome_unknown_and_does_not_resend(member, aliyun, settings):
    settings.NOTIFY_HTTP_TIMEOUT = 0.5
    aliyun.stall_addresses.add(member.phone)
    row = send(member, Channel.SMS)
    aliyun.release.set()
    assert (row.status, row.failure) == (Status.FAILED, Failure.UNKNOWN)
    assert aliyun.counts() == {member.phone: 1}


def test_the_rate_limit_keeps_under_the_providers_throttle(aliyun, settings, django_capture_on_commit_callbacks):
    aliyun.rate = 4
    settings.NOTIFY_RATE_LIMITS = {**settings.NOTIFY_RATE_LIMITS, "sms": 4}
    people = MemberFactory.create_batch(10)
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            notify(person, Trigger.INVITATION, key="bulk", subject="邀请", body="…", channels=[Channel.SMS])
    assert aliyun.throttled == 0
    assert sorted(aliyun.counts().values()) == [1] * 10


# --- Tencent Cloud SMS ------------------------------------------------------------------------------
def test_tencent_sends_with_a_tc3_signature(member, tencent):
    row = send(member, Channel.SMS)
    assert row.status == Status.SENT
    [got] = tencent.received
    assert got["address"] == member.phone and got["params"][:2] == [member.shown_name, "关于乡村振兴的协商邀请"]
    assert len(got["params"]) == 3  # name, title (≤ 12 characters), deadline; no link
    assert row.provider_message_id == got["serial"]


def test_tencent_bad_signature_is_refused(member, tencent, settings):
    settings.NOTIFY_PROVIDERS["tencent"] = {**settings.NOTIFY_PROVIDERS["tencent"], "secret_key": "wrong"}
    row = send(member, Channel.SMS)
    assert row.status == Status.FAILED and row.last_error.startswith("AuthFailure.SignatureFailure")


def test_tencent_daily_limit_is_permanent(member, tencent):
    tencent.script(member.phone, "LimitExceeded.PhoneNumberDailyLimit")
    row = send(member, Channel.SMS)
    assert (row.status, row.failure) == (Status.FAILED, Failure.PERMANENT)


def test_tencent_thirty_second_limit_is_retried_after_the_window(member, tencent):
    tencent.script(member.phone, "LimitExceeded.PhoneNumberThirtySecondLimit")
    row = send(member, Channel.SMS)
    assert row.status == Status.PENDING and "ThirtySecondLimit" in row.last_error
    assert (row.not_before - row.queued_at).total_seconds() >= 30


@pytest.mark.parametrize("code", ["InternalError.Timeout", "InternalError.SendAndRecvFail"])
def test_tencent_timeout_inside_tencent_is_unknown_and_never_resent(member, tencent, code):
    tencent.script(member.phone, code)
    row = send(member, Channel.SMS)
    assert (row.status, row.failure, row.attempts) == (Status.FAILED, Failure.UNKNOWN, 1)


# --- WeCom application message ----------------------------------------------------------------------
def test_wecom_sends_a_textcard_and_reuses_its_token(wecom):
    people = [reachable_by_wechat(MemberFactory(), userid=f"zhang{i}") for i in range(2)]
    rows = [send(person, Channel.WECHAT, key=f"w:{i}") for i, person in enumerate(people)]
    assert [row.status for row in rows] == [Status.SENT, Status.SENT]
    assert wecom.tokens_issued == 1
    card = wecom.received[0]["payload"]["textcard"]
    assert card["url"] == "http://x/c/1/" and card["title"] == "关于乡村振兴的协商邀请"


def test_wecom_without_a_link_sends_text(wecom, member):
    reachable_by_wechat(member)
    send(member, Channel.WECHAT, url="")
    assert wecom.received[0]["msgtype"] == "text"


def test_wecom_expired_token_is_refreshed_once(wecom, member, other_member):
    reachable_by_wechat(member)
    reachable_by_wechat(other_member)
    send(member, Channel.WECHAT, key="a")
    wecom.expire_tokens()
    row = send(other_member, Channel.WECHAT, key="b")
    assert row.status == Status.SENT
    assert wecom.tokens_issued == 2 and "42001" in [r["reason"] for r in wecom.rejected]


def test_wecom_user_outside_the_application_fails_permanently(wecom, member):
    wecom.users = {"someone-else"}
    reachable_by_wechat(member)
    row = send(member, Channel.WECHAT)
    assert (row.status, row.failure) == (Status.FAILED, Failure.PERMANENT) and "invaliduser" in row.last_error


def test_wecom_frequency_limit_is_retried(wecom, member):
    reachable_by_wechat(member)
    wecom.script(f"u{member.pk}", 45009)
    row = send(member, Channel.WECHAT)
    assert row.status == Status.PENDING and row.last_error.startswith("45009")


def test_wecom_wrong_secret_fails_at_the_token(wecom, member, settings):
    settings.NOTIFY_PROVIDERS["wecom"] = {**settings.NOTIFY_PROVIDERS["wecom"], "corp_secret": "nope"}
    reachable_by_wechat(member)
    row = send(member, Channel.WECHAT)
    assert row.status == Status.FAILED and "40001" in row.last_error


# --- WeChat official account template message -------------------------------------------------------
def test_official_account_sends_a_template_message_to_the_openid(wechat_mp, member):
    reachable_by_wechat(member, openid="oABC123")
    row = send(member, Channel.WECHAT)
    assert row.status == Status.SENT and row.address == "oABC123"
    payload = wechat_mp.received[0]["payload"]
    assert payload["template_id"] == "TPL-invite" and payload["url"] == "http://x/c/1/"
    assert payload["data"]["thing1"]["value"] == "关于乡村振兴的协商邀请"
    assert set(payload["data"]) == {"thing1", "time2", "phrase3"}  # no first/remark: WeChat no longer shows them


def test_official_account_unfollowed_user_fails_permanently(wechat_mp, member):
    wechat_mp.followers = set()
    reachable_by_wechat(member)
    row = send(member, Channel.WECHAT)
    assert row.status == Status.FAILED and row.last_error.startswith("43004")


def test_official_account_refreshes_an_invalid_token(wechat_mp, member, other_member):
    reachable_by_wechat(member)
    reachable_by_wechat(other_member)
    send(member, Channel.WECHAT, key="a")
    wechat_mp.tokens.clear()  # the token was revoked (another server fetched a new one)
    assert send(other_member, Channel.WECHAT, key="b").status == Status.SENT
    assert wechat_mp.tokens_issued == 2


def test_without_an_openid_the_official_account_falls_back_to_sms(wechat_mp, member, settings):
    notify(member, Trigger.INVITATION, key="e", subject="邀请", body="…", channels=[Channel.WECHAT])
    rows = {r.channel: r for r in Notification.objects.filter(recipient=member)}
    assert rows[Channel.WECHAT].failure == Failure.NO_ADDRESS and Channel.SMS in rows
