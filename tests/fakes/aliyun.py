"""Alibaba Cloud SMS (dysmsapi SendSms 2017-05-25), as documented: RPC parameters, HMAC-SHA1 signature."""

import base64
import datetime
import hashlib
import hmac
import json
import re
import uuid
from urllib.parse import parse_qsl, quote

from .server import FakeServer, has_link, push

REQUIRED = ["AccessKeyId", "Action", "Format", "PhoneNumbers", "SignName", "SignatureMethod", "SignatureNonce",
            "SignatureVersion", "TemplateCode", "Timestamp", "Version", "Signature"]
MOBILE = re.compile(r"^(\+?86|0086)?1[3-9]\d{9}$")
# Approved templates: code → variable → (property, longest value).
TEMPLATES = {
    "SMS_100001": {"title": ("others", 35), "time": ("time", 35)},
    "SMS_100002": {"name": ("name", 12), "title": ("others", 35), "deadline": ("time", 35)},
    "SMS_100003": {"code": ("number", 35)},
}


def _encode(value: str) -> str:
    return quote(value, safe="-_.~")


class FakeAliyunSms(FakeServer):
    def __init__(self, access_key_id="LTAI-test", secret="aliyun-secret", sign_name="云协商",
                 templates=None, **kwargs):
        super().__init__(**kwargs)
        self.access_key_id, self.secret, self.sign_name = access_key_id, secret, sign_name
        self.templates = templates or dict(TEMPLATES)
        self.nonces: set[str] = set()

    def settings(self) -> dict:
        return {"endpoint": self.url + "/", "access_key_id": self.access_key_id, "access_key_secret": self.secret,
                "sign_name": self.sign_name, "region": "cn-hangzhou",
                "templates": {"default": {"id": "SMS_100001", "variables": ["title=title:others", "time=time:time"]},
                              "invitation": {"id": "SMS_100002", "variables": [
                                  "name=name:name", "title=title:others", "deadline=deadline:time"]},
                              "sign_in_code": {"id": "SMS_100003", "variables": ["code=sign_in_code:number"]}}}

    def template_problem(self, variables: dict, values: dict) -> tuple[str, str] | None:
        """What Alibaba says about the variables of an approved template."""
        if any(name not in values for name in variables):
            return "isv.TEMPLATE_MISSING_PARAMETERS", "模板缺少变量"
        if extra := [name for name in values if name not in variables]:
            return "isv.INVALID_PARAMETERS", f"模板没有变量 {extra[0]}"
        for name, (kind, limit) in variables.items():
            value = str(values[name])
            if not value:
                return "isv.INVALID_PARAMETERS", f"变量 {name} 为空"
            if kind != "link" and has_link(value):
                return "isv.PARAM_NOT_SUPPORT_URL", "不支持URL"
            if len(value) > limit:
                return "isv.PARAM_LENGTH_LIMIT", f"变量 {name} 超过长度限制"
        return None

    def delivery_report(self, delivered=True, err_code="MK:0001", err_msg="用户手机关机") -> list[dict]:
        """Alibaba's SmsReport push body for every message accepted so far."""
        now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        with self.lock:
            received = list(self.received)
        return [{"phone_number": item["address"], "success": delivered, "biz_id": item["biz_id"],
                 "out_id": item["out_id"], "send_time": now, "report_time": now, "sms_size": "1",
                 "err_code": "DELIVERED" if delivered else err_code,
                 "err_msg": "用户接收成功" if delivered else err_msg} for item in received]

    def push_reports(self, url, client=None, **kwargs):
        return push(url, self.delivery_report(**kwargs), client)

    def error(self, code, message, status=200):
        self.reject(code)
        return status, {"RequestId": str(uuid.uuid4()), "Code": code, "Message": message}

    def handle(self, method, path, query, headers, body):
        params = dict(parse_qsl(body.decode())) if method == "POST" else dict(query)
        if missing := [name for name in REQUIRED if not params.get(name)]:
            return self.error("MissingParameter", f"missing {missing[0]}", 400)
        if params["Action"] != "SendSms" or params["Version"] != "2017-05-25":
            return self.error("InvalidAction.NotFound", "unknown action", 404)
        if params["AccessKeyId"] != self.access_key_id:
            return self.error("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404)
        if params["SignatureMethod"] != "HMAC-SHA1" or params["SignatureVersion"] != "1.0":
            return self.error("InvalidSignatureMethod", "bad signature method", 400)
        try:
            stamp = datetime.datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
        except ValueError:
            return self.error("InvalidTimeStamp.Format", "Specified time stamp is not valid.", 400)
        if abs((datetime.datetime.now(datetime.UTC) - stamp).total_seconds()) > 900:
            return self.error("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", 400)
        signature = params.pop("Signature")
        canonical = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(params.items()))
        to_sign = f"{method}&%2F&{_encode(canonical)}"
        expected = base64.b64encode(hmac.new(f"{self.secret}&".encode(), to_sign.encode(), hashlib.sha1).digest())
        if not hmac.compare_digest(expected.decode(), signature):
            return self.error("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.", 400)
        with self.lock:
            if params["SignatureNonce"] in self.nonces:
                replay = True
            else:
                replay = False
                self.nonces.add(params["SignatureNonce"])
        if replay:
            return self.error("SignatureNonceUsed", "Specified signature nonce was used already.", 400)
        if self.over_rate():
            return self.error("Throttling.User", "Request was denied due to user flow control.", 400)
        phone = params["PhoneNumbers"]
        if scripted := self.next_scripted(phone):
            return self.error(scripted, "scripted")
        if not MOBILE.match(phone):
            return self.error("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
        if params["SignName"] != self.sign_name:
            return self.error("isv.SMS_SIGNATURE_ILLEGAL", "签名不合法")
        variables = self.templates.get(params["TemplateCode"])
        if variables is None:
            return self.error("isv.SMS_TEMPLATE_ILLEGAL", "模板不合法")
        try:
            values = json.loads(params.get("TemplateParam") or "{}")
        except ValueError:
            return self.error("isv.INVALID_JSON_PARAM", "JSON参数不合法")
        if not isinstance(values, dict):
            return self.error("isv.INVALID_JSON_PARAM", "JSON参数不合法")
        if problem := self.template_problem(variables, values):
            return self.error(*problem)
        biz_id = f"{uuid.uuid4().int % 10**18}^0"
        self.accept(phone, biz_id=biz_id, params=values, out_id=params.get("OutId", ""))
        return 200, {"RequestId": str(uuid.uuid4()), "Code": "OK", "Message": "OK", "BizId": biz_id}
