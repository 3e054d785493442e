"""Alibaba Cloud SMS (dysmsapi, SendSms, API version 2017-05-25), spoken directly over HTTP.

RPC-style request: every parameter in a form body, signed with HMAC-SHA1 over the sorted,
percent-encoded parameters ("POST&%2F&" + encoded canonical query), key = AccessKeySecret + "&".
"""

import base64
import datetime
import hashlib
import hmac
import json
import uuid
from urllib.parse import quote

from django.utils.translation import gettext_lazy as _

from .. import sms_templates
from .base import Result, SmsAddress, Transport
from .http import call_provider

# From Alibaba Cloud's SMS error-code page (dysmsapi SendSms). Retry only what surely did not go out:
# flow control refuses a message before sending it. A system error on their side may have sent it.
FLOW_CONTROL = {"isv.BUSINESS_LIMIT_CONTROL"}
RETRYABLE = {"ServiceUnavailable"}
UNKNOWN = {"isp.SYSTEM_ERROR", "InternalError", "isp.GATEWAY_ERROR"}
BUSINESS_LIMIT_DELAY = 60.0  # per-number flow control counts by minute, hour and day
ACTIONS = {
    "isp.RAM_PERMISSION_DENY": _(
        "The RAM user of ALIYUN_SMS_ACCESS_KEY_ID may not send SMS: grant it dysms:SendSms "
        "(e.g. the AliyunDysmsFullAccess policy) in the RAM console."),
    "isv.SMS_TEMPLATE_ILLEGAL": _(
        "The SMS template is not approved or not this account's: check ALIYUN_SMS_TEMPLATE_CODE (and "
        "ALIYUN_SMS_INVITATION_TEMPLATE_CODE) in the console."),
    "isv.SMS_SIGNATURE_ILLEGAL": _("The SMS signature is not approved: set ALIYUN_SMS_SIGN_NAME to the approved one."),
    "isv.TEMPLATE_MISSING_PARAMETERS": _(
        "The template has variables the configuration does not fill: check ALIYUN_SMS_TEMPLATE_PARAMS."),
    "isv.PARAM_LENGTH_LIMIT": _(
        "A variable is longer than its property allows: lower its limit in ALIYUN_SMS_TEMPLATE_PARAMS."),
    "isv.MOBILE_NUMBER_ILLEGAL": _("Not a valid mobile number."),
    "isv.DAY_LIMIT_CONTROL": _("The account's daily SMS limit is reached: resend tomorrow or raise it in the console."),
    "isv.AMOUNT_NOT_ENOUGH": _("The account balance is used up: top it up in the console."),
    "isv.OUT_OF_SERVICE": _("The account is suspended for arrears: top it up in the console."),
    "InvalidAccessKeyId.NotFound": _("ALIYUN_SMS_ACCESS_KEY_ID is unknown to Alibaba Cloud."),
    "SignatureDoesNotMatch": _("ALIYUN_SMS_ACCESS_KEY_SECRET does not match ALIYUN_SMS_ACCESS_KEY_ID."),
}


def percent_encode(value) -> str:
    return quote(str(value), safe="-_.~")


def sign(params: dict, secret: str, method: str = "POST") -> str:
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSmsTransport(SmsAddress, Transport):
    provider = "aliyun"
    required = ("endpoint", "access_key_id", "access_key_secret", "sign_name")

    def send(self, notification) -> Result:
        if missing := self.missing_config():
            return Result.failed(f"Alibaba Cloud SMS is not configured: {', '.join(missing)}")
        config = self.config
        if problems := sms_templates.problems(self.provider, config):
            return Result.failed(f"Alibaba Cloud SMS templates: {'; '.join(problems)} (see manage.py check)")
        template_code, values = sms_templates.render(self.provider, config, notification)
        params = {
            "AccessKeyId": config["access_key_id"],
            "Action": "SendSms",
            "Format": "JSON",
            "OutId": str(notification.pk),
            "PhoneNumbers": notification.address,
            "RegionId": config.get("region") or "cn-hangzhou",
            "SignName": config["sign_name"],
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": template_code,
            "TemplateParam": json.dumps(dict(values), ensure_ascii=False, separators=(",", ":")),
            "Timestamp": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        params["Signature"] = sign(params, config["access_key_secret"])
        response, ended = call_provider("POST", config["endpoint"], data=params)
        if ended:
            return ended
        try:
            answer = response.json()
        except ValueError:
            return Result.unknown(f"HTTP {response.status_code}: not JSON")
        code = answer.get("Code", "")
        if code == "OK":
            return Result.sent(answer.get("BizId", ""))
        return result_for(code, answer.get("Message", ""))


def result_for(code: str, message: str) -> Result:
    """What one Alibaba Cloud error code means for this message."""
    text = f"{code}: {message}"
    if code in UNKNOWN:
        return Result.unknown(text)
    if code in FLOW_CONTROL:
        return Result.retry(text, retry_after=BUSINESS_LIMIT_DELAY)
    if code in RETRYABLE or code.startswith("Throttling"):
        return Result.retry(text)
    if code in ACTIONS:
        return Result.failed(f"{text} — {ACTIONS[code]}")
    return Result.failed(text)
