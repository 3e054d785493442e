"""Tencent Cloud SMS (SendSms 2021-01-11), as documented: TC3-HMAC-SHA256 over a JSON body."""

import datetime
import hashlib
import hmac
import json
import re
import time
import uuid

from .server import FakeServer, has_link, push

MOBILE = re.compile(r"^\+861[3-9]\d{9}$")
# Approved templates: id → kind of each positional variable ("text" limited to the account's length).
TEMPLATES = {"100001": ["text", "time"], "100002": ["text", "text", "time"], "100003": ["number"]}


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


class FakeTencentSms(FakeServer):
    def __init__(self, secret_id="AKID-test", secret_key="tencent-secret", app_id="1400000001",
                 sign_name="云协商", templates=None, text_length=12, **kwargs):
        super().__init__(**kwargs)
        self.secret_id, self.secret_key, self.app_id = secret_id, secret_key, app_id
        self.sign_name, self.text_length = sign_name, text_length
        self.templates = templates or dict(TEMPLATES)

    def settings(self) -> dict:
        return {"endpoint": self.url + "/", "secret_id": self.secret_id, "secret_key": self.secret_key,
                "app_id": self.app_id, "sign_name": self.sign_name, "region": "ap-guangzhou",
                "text_length": self.text_length,
                "templates": {"default": {"id": "100001", "variables": ["title:text", "time:time"]},
                              "invitation": {"id": "100002",
                                             "variables": ["name:text", "title:text", "deadline:time"]},
                              "sign_in_code": {"id": "100003", "variables": ["sign_in_code:number"]}}}

    def template_problem(self, template_id, values) -> str | None:
        """What Tencent says about the variables of an approved template."""
        kinds = self.templates.get(template_id)
        if kinds is None:
            return "FailedOperation.TemplateIncorrectOrUnapproved"
        if len(values) != len(kinds):
            return "InvalidParameterValue.TemplateParameterFormatError"
        for kind, value in zip(kinds, values, strict=True):
            if has_link(value):
                return "InvalidParameterValue.ProhibitedUseUrlInTemplateParameter"
            if kind != "time" and len(value) > self.text_length:
                return "InvalidParameterValue.TemplateParameterLengthLimit"
            if not value or "\n" in value:
                return "InvalidParameterValue.TemplateParameterFormatError"
        return None

    def delivery_report(self, delivered=True, errmsg="MK:0001", description="用户手机关机") -> list[dict]:
        """Tencent's status callback body for every message accepted so far."""
        with self.lock:
            received = list(self.received)
        return [{"user_receive_time": time.strftime("%Y-%m-%d %H:%M:%S"), "nationcode": "86",
                 "mobile": item["address"][3:], "report_status": "SUCCESS" if delivered else "FAIL",
                 "errmsg": "DELIVRD" if delivered else errmsg, "description": "用户短信送达成功" if delivered
                 else description, "sid": item["serial"]} for item in received]

    def push_reports(self, url, client=None, **kwargs):
        return push(url, self.delivery_report(**kwargs), client)

    def error(self, code, message):
        self.reject(code)
        return 200, {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": str(uuid.uuid4())}}

    def verify(self, headers, body) -> str | None:
        for name in ("Authorization", "Content-Type", "Host", "X-TC-Action", "X-TC-Timestamp", "X-TC-Version"):
            if not headers.get(name):
                return f"MissingParameter:{name}"
        if headers["X-TC-Action"] != "SendSms" or headers["X-TC-Version"] != "2021-01-11":
            return "InvalidAction"
        timestamp = int(headers["X-TC-Timestamp"])
        if abs(time.time() - timestamp) > 300:
            return "AuthFailure.SignatureExpire"
        match = re.fullmatch(r"TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d{2}-\d{2})/sms/tc3_request, "
                             r"SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})", headers["Authorization"])
        if not match:
            return "AuthFailure.InvalidAuthorization"
        secret_id, date, signed, signature = match.groups()
        if secret_id != self.secret_id:
            return "AuthFailure.SecretIdNotFound"
        if date != datetime.datetime.fromtimestamp(timestamp, datetime.UTC).strftime("%Y-%m-%d"):
            return "AuthFailure.SignatureFailure"
        canonical_headers = "".join(f"{name}:{headers[name].strip().lower()}\n" for name in signed.split(";"))
        canonical = "\n".join(["POST", "/", "", canonical_headers, signed, hashlib.sha256(body).hexdigest()])
        to_sign = "\n".join(["TC3-HMAC-SHA256", str(timestamp), f"{date}/sms/tc3_request",
                             hashlib.sha256(canonical.encode()).hexdigest()])
        key = _hmac(_hmac(_hmac(f"TC3{self.secret_key}".encode(), date), "sms"), "tc3_request")
        if not hmac.compare_digest(hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest(), signature):
            return "AuthFailure.SignatureFailure"
        return None

    def handle(self, method, path, query, headers, body):
        if method != "POST":
            return self.error("UnsupportedOperation", "POST only")
        if problem := self.verify(headers, body):
            return self.error(problem, "The provided credentials could not be validated.")
        payload = json.loads(body)
        for name in ("PhoneNumberSet", "SmsSdkAppId", "TemplateId"):
            if not payload.get(name):
                return self.error("MissingParameter", f"missing {name}")
        if payload["SmsSdkAppId"] != self.app_id:
            return self.error("FailedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId verify fail")
        if payload.get("SignName") != self.sign_name:
            return self.error("FailedOperation.SignatureIncorrectOrUnapproved", "signature unapproved")
        if problem := self.template_problem(payload["TemplateId"], payload.get("TemplateParamSet") or []):
            return self.error(problem, problem)
        if self.over_rate():
            return self.error("RequestLimitExceeded", "The number of requests exceeds the frequency limit.")
        statuses = []
        for phone in payload["PhoneNumberSet"]:
            scripted = self.next_scripted(phone)
            if scripted:
                code = scripted
            elif not MOBILE.match(phone):
                code = "InvalidParameterValue.IncorrectPhoneNumber"
            else:
                code = "Ok"
            serial = f"2645:{uuid.uuid4().int % 10**20}"
            if code == "Ok":
                self.accept(phone, serial=serial, params=payload["TemplateParamSet"],
                            context=payload.get("SessionContext", ""))
            else:
                self.reject(code, phone=phone)
            ok = code == "Ok"
            statuses.append({"SerialNo": serial if ok else "", "PhoneNumber": phone, "Fee": 1 if ok else 0,
                             "SessionContext": payload.get("SessionContext", ""), "Code": code,
                             "Message": "send success" if code == "Ok" else code, "IsoCode": "CN"})
        return 200, {"Response": {"SendStatusSet": statuses, "RequestId": str(uuid.uuid4())}}
