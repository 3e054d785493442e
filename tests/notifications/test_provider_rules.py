"""What the real providers refuse, retry or drop, and what the project does about it; the fakes answer
with each provider's own error codes, so these tests fail the way production would."""

import pytest

from accounts.models import Channel, Failure, Notification, Trigger
from accounts.notifications import notify, ratelimit, sms_templates
from accounts.notifications.delivery import deliver_one
from tests.factories import MemberFactory

from .conftest import reachable_by_wechat

pytestmark = pytest.mark.django_db
Status = Notification.Status
TITLE = "关于推进城乡社区治理现代化和基层协商民主建设的协商议题"


def send(person, channel, key="e:1", subject="关于乡村振兴的协商邀请", body="请于三日内发言", url="http://x/c/1/",
         trigger=Trigger.INVITATION, params=None):
    notify(person, trigger, key=key, subject=subject, body=body, url=url, channels=[channel], params=params)
    row = Notification.objects.get(recipient=person, channel=channel, key__startswith=key + ":")
    deliver_one(row.pk)
    row.refresh_from_db()
    return row


def with_provider(settings, name, **changes):
    settings.NOTIFY_PROVIDERS = {**settings.NOTIFY_PROVIDERS, name: {**settings.NOTIFY_PROVIDERS[name], **changes}}


def links_left_in(monkeypatch):
    """The project as it was: values sent as they are, a personal link in a variable."""
    monkeypatch.setattr(sms_templates, "fit", lambda value, kind, limit: str(value))


# --- Alibaba Cloud ----------------------------------------------------------------------------------
def test_alibaba_ram_permission_denied_fails_with_what_staff_should_do(member, aliyun):
    aliyun.script(member.phone, "isp.RAM_PERMISSION_DENY")
    row = send(member, Channel.SMS)
    assert (row.status, row.failure, row.attempts) == (Status.FAILED, Failure.PERMANENT, 1)
    assert "dysms:SendSms" in row.last_error


def test_alibaba_flow_control_is_retried_a_minute_later(member, aliyun):
    aliyun.script(member.phone, "isv.BUSINESS_LIMIT_CONTROL")
    row = send(member, Channel.SMS)
    assert row.status == Status.PENDING and (row.not_before - row.queued_at).total_seconds() >= 60


def test_alibaba_system_error_may_have_sent_so_it_is_unknown(member, aliyun):
    aliyun.script(member.phone, "isp.SYSTEM_ERROR")
    row = send(member, Channel.SMS)
    assert (row.status, row.failure) == (Status.FAILED, Failure.UNKNOWN)


@pytest.mark.parametrize(("code", "hint"), [
    ("isv.MOBILE_NUMBER_ILLEGAL", "mobile number"), ("isv.SMS_TEMPLATE_ILLEGAL", "ALIYUN_SMS_TEMPLATE_CODE"),
    ("isv.SMS_SIGNATURE_ILLEGAL", "ALIYUN_SMS_SIGN_NAME"), ("isv.TEMPLATE_MISSING_PARAMETERS", "TEMPLATE_PARAMS"),
    ("isv.PARAM_LENGTH_LIMIT", "TEMPLATE_PARAMS"),
])
def test_alibaba_content_and_configuration_errors_fail_at_once_with_a_hint(member, aliyun, code, hint, settings):
    settings.LANGUAGE_CODE = "en"
    aliyun.script(member.phone, code)
    row = send(member, Channel.SMS)
    assert (row.status, row.failure, row.attempts) == (Status.FAILED, Failure.PERMANENT, 1)
    assert row.last_error.startswith(code) and hint in row.last_error


def test_alibaba_refuses_a_link_in_a_variable(member, aliyun, monkeypatch):
    links_left_in(monkeypatch)
    row = send(member, Channel.SMS, params={"title": "请点击 http://x/me/link/abc/ 参加"})
    assert row.status == Status.FAILED and row.last_error.startswith("isv.PARAM_NOT_SUPPORT_URL")
    assert aliyun.received == []


def test_alibaba_refuses_a_variable_longer_than_its_property(member, aliyun):
    aliyun.templates["SMS_100002"] = {**aliyun.templates["SMS_100002"], "title": ("others", 10)}
    row = send(member, Channel.SMS, subject=TITLE)
    assert row.status == Status.FAILED and row.last_error.startswith("isv.PARAM_LENGTH_LIMIT")


def test_alibaba_refuses_more_variables_than_the_template_has(member, aliyun, settings):
    templates = settings.NOTIFY_PROVIDERS["aliyun"]["templates"]
    invitation = {**templates["invitation"], "variables": [*templates["invitation"]["variables"], "org=organizer"]}
    with_provider(settings, "aliyun", templates={**templates, "invitation": invitation})
    row = send(member, Channel.SMS)
    assert row.status == Status.FAILED and row.last_error.startswith("isv.INVALID_PARAMETERS")


def test_an_approved_link_variable_carries_the_short_code_not_a_personal_link(member, aliyun, settings):
    aliyun.templates["SMS_200"] = {"title": ("others", 35), "code": ("link", 35)}
    templates = settings.NOTIFY_PROVIDERS["aliyun"]["templates"]
    with_provider(settings, "aliyun", link_approved=True, templates={
        **templates, "invitation": {"id": "SMS_200", "variables": ["title=title:others", "code=code:link"]}})
    row = send(member, Channel.SMS, params={"title": "议题", "code": "k3x9a"})
    assert row.status == Status.SENT and aliyun.received[0]["params"] == {"title": "议题", "code": "k3x9a"}


# --- Tencent Cloud ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("code", "hint"), [
    ("FailedOperation.TemplateIncorrectOrUnapproved", "TENCENT_SMS_TEMPLATE_ID"),
    ("FailedOperation.SignatureIncorrectOrUnapproved", "TENCENT_SMS_SIGN_NAME"),
    ("InvalidParameterValue.ProhibitedUseUrlInTemplateParameter", "template text"),
    ("InvalidParameterValue.TemplateParameterLengthLimit", "TENCENT_SMS_TEXT_LENGTH"),
])
def test_tencent_configuration_errors_fail_at_once_with_a_hint(member, tencent, code, hint, settings):
    settings.LANGUAGE_CODE = "en"
    tencent.script(member.phone, code)
    row = send(member, Channel.SMS)
    assert (row.status, row.failure, row.attempts) == (Status.FAILED, Failure.PERMANENT, 1)
    assert row.last_error.startswith(code) and hint in row.last_error


def test_tencent_service_timeout_is_not_a_tencent_code_and_is_not_retried(member, tencent):
    tencent.script(member.phone, "FailedOperation.ServiceTimeout")
    assert send(member, Channel.SMS).status == Status.FAILED


def test_tencent_request_throttling_is_retried(member, tencent):
    tencent.rate, tencent.window = 1, 10**9  # one window however slow the machine: the second is over
    first = send(member, Channel.SMS, key="a")
    second = send(MemberFactory(), Channel.SMS, key="b")
    assert first.status == Status.SENT
    assert second.status == Status.PENDING and second.last_error.startswith("RequestLimitExceeded")


def test_tencent_refuses_the_personal_link_the_project_used_to_send(member, tencent, monkeypatch):
    links_left_in(monkeypatch)
    row = send(member, Channel.SMS, params={"title": "议题", "name": "http://x/me/link/abc/"})
    assert row.status == Status.FAILED
    assert row.last_error.startswith("InvalidParameterValue.ProhibitedUseUrlInTemplateParameter")


def test_an_account_with_six_character_variables_refuses_twelve(member, tencent):
    tencent.text_length = 6  # opened since 2024-01-25, but configured as 12
    row = send(member, Channel.SMS, subject=TITLE)
    assert row.status == Status.FAILED and "TemplateParameterLengthLimit" in row.last_error


def test_configured_to_six_the_title_fits_a_six_character_account(member, tencent, settings):
    tencent.text_length = 6
    with_provider(settings, "tencent", text_length=6)
    row = send(member, Channel.SMS, subject=TITLE)
    assert row.status == Status.SENT and tencent.received[0]["params"][1] == "关于推进城…"


def test_tencent_refuses_more_variables_than_the_template_has(member, tencent, settings):
    templates = settings.NOTIFY_PROVIDERS["tencent"]["templates"]
    with_provider(settings, "tencent", templates={
        **templates, "invitation": {"id": "100002", "variables": ["name", "title", "deadline:time", "status"]}})
    row = send(member, Channel.SMS)
    assert row.status == Status.FAILED and "TemplateParameterFormatError" in row.last_error


def test_a_template_problem_fails_the_row_before_calling_the_provider(member, tencent, settings):
    with_provider(settings, "tencent", templates={"default": {"id": "1", "variables": ["title", "link"]}})
    row = send(member, Channel.SMS)
    assert row.status == Status.FAILED and "unknown field 'link'" in row.last_error and tencent.received == []


# --- WeChat official account ------------------------------------------------------------------------
def test_official_account_fits_each_typed_key(wechat_mp, member):
    reachable_by_wechat(member)
    row = send(member, Channel.WECHAT, subject=TITLE + "\n第二行", trigger=Trigger.CLAIM_DUE_SOON)
    data = wechat_mp.received[0]["payload"]["data"]
    assert row.status == Status.SENT and wechat_mp.received[0]["payload"]["template_id"] == "TPL-notice"
    assert len(data["thing1"]["value"]) == 20 and data["thing1"]["value"].endswith("…")
    assert data["phrase3"]["value"] == "即将到期" and "年" in data["time2"]["value"]


def test_official_account_sends_the_idempotency_key_as_client_msg_id(wechat_mp, member):
    reachable_by_wechat(member)
    row = send(member, Channel.WECHAT)
    assert wechat_mp.received[0]["payload"]["client_msg_id"] == row.key


def test_a_retried_official_account_message_goes_out_once(wechat_mp, member):
    reachable_by_wechat(member)
    row = send(member, Channel.WECHAT)
    # the answer was lost and staff (or a retry) send the same row again: WeChat drops the duplicate
    Notification.objects.filter(pk=row.pk).update(status=Status.PENDING, not_before=None)
    deliver_one(row.pk)
    assert wechat_mp.counts() == {f"o{member.pk}": 1} and "duplicate" in [r["reason"] for r in wechat_mp.rejected]


def test_official_account_refuses_keys_the_template_lacks(wechat_mp, member, settings):
    reachable_by_wechat(member)
    with_provider(settings, "wechat_mp", templates={
        "default": {"id": "TPL-notice", "keys": ["thing1=title", "thing4=organizer"]}})
    row = send(member, Channel.WECHAT, trigger=Trigger.MINUTES_READY)
    assert row.status == Status.FAILED and row.last_error.startswith("47003")


@pytest.mark.parametrize("data", [{"first": {"value": "x"}}, {"thing1": {"value": "一" * 21}},
                                  {"thing1": {"value": "两\n行"}}])
def test_the_fake_official_account_refuses_what_wechat_refuses(wechat_mp, data):
    assert wechat_mp.data_problem({"thing1": 20, "time2": 40}, data)


def test_an_unfollowed_person_fails_with_what_to_do(wechat_mp, member, settings):
    settings.LANGUAGE_CODE = "en"
    wechat_mp.followers = set()
    reachable_by_wechat(member)
    row = send(member, Channel.WECHAT)
    assert row.status == Status.FAILED and "no longer follows" in row.last_error


def test_official_account_frequency_limit_is_retried(wechat_mp, member):
    reachable_by_wechat(member)
    wechat_mp.script(f"o{member.pk}", 45047)
    assert send(member, Channel.WECHAT).status == Status.PENDING


# --- WeCom ----------------------------------------------------------------------------------------
def test_wecom_text_is_cut_to_2048_bytes_on_a_character_boundary(wecom, member):
    reachable_by_wechat(member)
    row = send(member, Channel.WECHAT, url="", body="协" * 1000)  # 3,000 bytes of UTF-8
    content = wecom.received[0]["payload"]["text"]["content"]
    assert row.status == Status.SENT and len(content.encode()) <= 2048 and content.endswith("…")


def test_wecom_card_fields_are_cut_to_their_bytes(wecom, member):
    reachable_by_wechat(member)
    row = send(member, Channel.WECHAT, subject=TITLE * 3, body="协" * 400)
    card = wecom.received[0]["payload"]["textcard"]
    assert row.status == Status.SENT and len(card["title"].encode()) <= 128
    assert len(card["description"].encode()) <= 512


def test_wecom_asks_for_duplicate_checking_on_every_send(wecom, member):
    reachable_by_wechat(member)
    send(member, Channel.WECHAT)
    payload = wecom.received[0]["payload"]
    assert payload["enable_duplicate_check"] == 1 and payload["duplicate_check_interval"] == 1800


def test_wecom_unlicensed_user_fails_with_what_to_do(wecom, member, settings):
    settings.LANGUAGE_CODE = "en"
    reachable_by_wechat(member, userid="lisi")
    wecom.unlicensed = {"lisi"}
    row = send(member, Channel.WECHAT)
    assert (row.status, row.failure) == (Status.FAILED, Failure.PERMANENT) and "unlicenseduser" in row.last_error


def test_wecom_messages_past_the_per_person_limit_wait_instead_of_being_dropped(wecom, member, settings):
    wecom.per_minute = 3
    settings.NOTIFY_RECIPIENT_LIMITS = {"wecom": [(3, 60)]}
    reachable_by_wechat(member, userid="wangwu")
    rows = [send(member, Channel.WECHAT, key=f"k{i}", body=f"第{i}条") for i in range(5)]
    assert [r.status for r in rows] == [Status.SENT] * 3 + [Status.PENDING] * 2
    assert wecom.dropped == [] and all(r.not_before > r.queued_at for r in rows[3:])


def test_without_the_per_person_limit_wecom_would_drop_silently(wecom, member, settings):
    wecom.per_minute = 3
    settings.NOTIFY_RECIPIENT_LIMITS = {}
    reachable_by_wechat(member, userid="wangwu")
    for i in range(4):
        send(member, Channel.WECHAT, key=f"k{i}", body=f"第{i}条")
    assert len(wecom.dropped) == 1


def test_the_per_person_limit_counts_each_person_apart(settings):
    settings.NOTIFY_RECIPIENT_LIMITS = {"wecom": [(2, 60), (3, 3600)]}
    now = 1_000_040.0
    assert [ratelimit.recipient_wait("wecom", "a", now) for _ in range(2)] == [0.0, 0.0]
    assert ratelimit.recipient_wait("wecom", "a", now) == pytest.approx(40.0)
    assert ratelimit.recipient_wait("wecom", "b", now) == 0.0
    assert ratelimit.recipient_wait("wecom", "a", now + 60) == 0.0
    assert ratelimit.recipient_wait("wecom", "a", now + 61) > 60  # the hour is used up
