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

from .base import Result, SmsAddress, Transport, sms_params
from .http import call_provider

SERVICE = "sms"
VERSION = "2021-01-11"
CONTENT_TYPE = "application/json; charset=utf-8"
RETRYABLE_PREFIXES = ("RequestLimitExceeded", "InternalError", "LimitExceeded.PhoneNumberThirtySecondLimit",
                      "LimitExceeded.PhoneNumberOneHourLimit", "LimitExceeded.DeliveryFrequencyLimit",
                      "ResourceUnavailable", "FailedOperation.ServiceTimeout")


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def authorization(secret_id: str, secret_key: str, host: str, body: bytes, timestamp: int) -> str:
    canonical_request = "\n".join([
        "POST", "/", "", f"content-type:{CONTENT_TYPE}\nhost:{host}\n", "content-type;host",
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


def is_retryable(code: str) -> bool:
    return code.startswith(RETRYABLE_PREFIXES)


class TencentSmsTransport(SmsAddress, Transport):
    provider = "tencent"
    required = ("endpoint", "secret_id", "secret_key", "app_id", "sign_name", "template_id")

    def send(self, notification) -> Result:
        if missing := self.missing_config():
            return Result.failed(f"Tencent Cloud SMS is not configured: {', '.join(missing)}")
        config = self.config
        values = sms_params(notification)
        names = config.get("template_params") or list(values)
        payload = {
            "PhoneNumberSet": [notification.address],
            "SmsSdkAppId": config["app_id"],
            "SignName": config["sign_name"],
            "TemplateId": config["template_id"],
            "TemplateParamSet": [values.get(name, "") for name in names],
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
            text = f"{error.get('Code', '')}: {error.get('Message', '')}"
            return Result.retry(text) if is_retryable(error.get("Code", "")) else Result.failed(text)
        statuses = answer.get("SendStatusSet") or []
        if not statuses:
            return Result.unknown("No SendStatusSet in the answer")
        status = statuses[0]
        code = status.get("Code", "")
        if code == "Ok":
            return Result.sent(status.get("SerialNo", ""))
        text = f"{code}: {status.get('Message', '')}"
        return Result.retry(text) if is_retryable(code) else Result.failed(text)
