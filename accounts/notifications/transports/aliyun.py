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

from .base import Result, SmsAddress, Transport, sms_params
from .http import call_provider

# Provider throttles and passing faults: the message did not go out, later it may.
RETRYABLE = {
    "isv.BUSINESS_LIMIT_CONTROL", "Throttling", "Throttling.User", "Throttling.Api", "Throttling.Concurrency",
    "isp.SYSTEM_ERROR", "ServiceUnavailable", "InternalError", "isp.RAM_PERMISSION_DENY",
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
    required = ("endpoint", "access_key_id", "access_key_secret", "sign_name", "template_code")

    def send(self, notification) -> Result:
        if missing := self.missing_config():
            return Result.failed(f"Alibaba Cloud SMS is not configured: {', '.join(missing)}")
        config = self.config
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
            "TemplateCode": config["template_code"],
            "TemplateParam": json.dumps(sms_params(notification), ensure_ascii=False, separators=(",", ":")),
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
        error = f"{code}: {answer.get('Message', '')}"
        if code in RETRYABLE or code.startswith("Throttling"):
            return Result.retry(error)
        return Result.failed(error)  # isv.MOBILE_NUMBER_ILLEGAL, isv.SMS_TEMPLATE_ILLEGAL, signature errors…
