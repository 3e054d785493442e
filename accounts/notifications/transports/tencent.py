"""Tencent Cloud SMS (SendSms, API version 2021-01-11), spoken directly over HTTP.

JSON body signed with TC3-HMAC-SHA256: canonical request over content-type and host, a string to
sign scoped to date/sms/tc3_request, and a key derived from "TC3" + SecretKey.
"""

import datetime
import hashlib
import hmac
import json
import time
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from .. import sms_templates
from .base import Result, SmsAddress, Transport
from .http import call_provider

SERVICE = "sms"
VERSION = "2021-01-11"
CONTENT_TYPE = "application/json; charset=utf-8"

# From Tencent Cloud's SMS error-code page (SendSms, API 2021-01-11). Retry only what surely did not
# go out: throttling. Timeouts inside Tencent's own system may have sent the SMS: unknown, never retried.
UNKNOWN = {"InternalError.Timeout", "InternalError.SendAndRecvFail", "InternalError.ParseBackendResponseFail",
           "InternalError.UnknownError", "InternalError.OtherError"}
NOT_THROTTLING = {"LimitExceeded.PhoneNumberCountLimit"}  # too many numbers in one request: our request is wrong
# Throttling within minutes or an hour: retried after the window. A daily limit outlasts every retry:
# failed, with the reason, for staff to resend tomorrow.
WINDOWS = {"LimitExceeded.PhoneNumberThirtySecondLimit": 30.0, "LimitExceeded.PhoneNumberOneHourLimit": 3600.0,
           "LimitExceeded.DeliveryFrequencyLimit": 60.0}
# Configuration and content errors, with what staff should do about them.
ACTIONS = {
    "FailedOperation.TemplateIncorrectOrUnapproved": _(
        "The SMS template is not approved or its ID is wrong: check TENCENT_SMS_TEMPLATE_ID (and "
        "TENCENT_SMS_INVITATION_TEMPLATE_ID) against the Tencent Cloud SMS console."),
    "FailedOperation.SignatureIncorrectOrUnapproved": _(
        "The SMS signature is not approved or misspelt: set TENCENT_SMS_SIGN_NAME to the approved signature."),
    "InvalidParameterValue.ProhibitedUseUrlInTemplateParameter": _(
        "A template variable contained a link, which Tencent Cloud refuses: put the site's address in the "
        "template text and map no link to a variable."),
    "InvalidParameterValue.TemplateParameterLengthLimit": _(
        "A template variable is longer than this account allows: set TENCENT_SMS_TEXT_LENGTH to the limit "
        "the console shows (12, or 6 for accounts opened since 2024-01-25)."),
    "InvalidParameterValue.TemplateParameterFormatError": _(
        "The variables do not match the approved template: check TENCENT_SMS_TEMPLATE_PARAMS (count and kinds)."),
    "FailedOperation.InsufficientBalanceInSmsPackage": _("The SMS package is used up: top it up in the console."),
    "UnauthorizedOperation.SmsSdkAppIdVerifyFail": _("TENCENT_SMS_APP_ID does not belong to this account."),
    "FailedOperation.SmsSdkAppIdVerifyFail": _("TENCENT_SMS_APP_ID does not belong to this account."),
    "AuthFailure.SecretIdNotFound": _("TENCENT_SMS_SECRET_ID is unknown to Tencent Cloud."),
    "AuthFailure.SignatureFailure": _("TENCENT_SMS_SECRET_KEY does not match TENCENT_SMS_SECRET_ID."),
    "AuthFailure.UnauthorizedOperation": _("The API key lacks permission for SMS (sms:SendSms): grant it in CAM."),
    "InvalidParameterValue.IncorrectPhoneNumber": _("Not a valid mobile number."),
    "LimitExceeded.PhoneNumberDailyLimit": _(
        "This number reached the account's daily SMS limit: resend tomorrow, or raise the limit in the console."),
    "LimitExceeded.PhoneNumberSameContentDailyLimit": _(
        "This number reached the daily limit for the same text: resend tomorrow."),
    "LimitExceeded.AppDailyLimit": _("The application's daily SMS limit is reached: raise it in the console."),
    "LimitExceeded.DailyLimit": _("The account's daily SMS limit is reached: raise it in the console."),
    "FailedOperation.PhoneNumberInBlacklist": _("The number is on the carrier's or the account's blocklist."),
    "FailedOperation.PhoneNumberOnBlacklist": _("The number is on the carrier's or the account's blocklist."),
}


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def authorization(secret_id: str, secret_key: str, host: str, body: bytes, timestamp: int,
                  content_type: str = CONTENT_TYPE) -> str:
    canonical_request = "\n".join([
        "POST", "/", "", f"content-type:{content_type}\nhost:{host}\n", "content-type;host",
        hashlib.sha256(body).hexdigest(),
    ])
    date = datetime.datetime.fromtimestamp(timestamp, datetime.UTC).strftime("%Y-%m-%d")
    scope = f"{date}/{SERVICE}/tc3_request"
    string_to_sign = "\n".join([
        "TC3-HMAC-SHA256", str(timestamp), scope, hashlib.sha256(canonical_request.encode()).hexdigest()
    ])
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), SERVICE), "tc3_request")
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"


def result_for(code: str, message: str) -> Result:
    """What one Tencent error code means for this message."""
    text = f"{code}: {message}"
    if code in UNKNOWN:
        return Result.unknown(text)
    if code in ACTIONS:
        return Result.failed(f"{text} — {ACTIONS[code]}")
    if code.endswith("DailyLimit"):
        return Result.failed(text)
    if code == "RequestLimitExceeded" or (code.startswith("LimitExceeded.") and code not in NOT_THROTTLING):
        return Result.retry(text, retry_after=WINDOWS.get(code))
    return Result.failed(text)


class TencentSmsTransport(SmsAddress, Transport):
    provider = "tencent"
    required = ("endpoint", "secret_id", "secret_key", "app_id", "sign_name")

    def send(self, notification) -> Result:
        if missing := self.missing_config():
            return Result.failed(f"Tencent Cloud SMS is not configured: {', '.join(missing)}")
        config = self.config
        if problems := sms_templates.problems(self.provider, config):
            return Result.failed(f"Tencent Cloud SMS templates: {'; '.join(problems)} (see manage.py check)")
        template_id, values = sms_templates.render(self.provider, config, notification)
        payload = {
            "PhoneNumberSet": [notification.address],
            "SmsSdkAppId": config["app_id"],
            "SignName": config["sign_name"],
            "TemplateId": template_id,
            "TemplateParamSet": [value for _name, value in values],
            "SessionContext": str(notification.pk),
        }
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        host = urlsplit(config["endpoint"]).netloc
        timestamp = int(time.time())
        headers = {
            "Authorization": authorization(config["secret_id"], config["secret_key"], host, body, timestamp),
            "Content-Type": CONTENT_TYPE,
            "Host": host,
            "X-TC-Action": "SendSms",
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Version": VERSION,
            "X-TC-Region": config.get("region") or "ap-guangzhou",
        }
        response, ended = call_provider("POST", config["endpoint"], content=body, headers=headers)
        if ended:
            return ended
        try:
            answer = response.json()["Response"]
        except (ValueError, KeyError):
            return Result.unknown(f"HTTP {response.status_code}: unexpected answer")
        if error := answer.get("Error"):
            return result_for(error.get("Code", ""), error.get("Message", ""))
        statuses = answer.get("SendStatusSet") or []
        if not statuses:
            return Result.unknown("No SendStatusSet in the answer")
        status = statuses[0]
        code = status.get("Code", "")
        if code == "Ok":
            return Result.sent(status.get("SerialNo", ""))
        return result_for(code, status.get("Message", ""))
