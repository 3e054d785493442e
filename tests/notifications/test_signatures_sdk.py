"""Our request signatures against the providers' official SDKs (test-only dependencies), byte for byte,
for the same request, timestamp and nonce: the fakes cannot vouch for this, they share our reading."""

import hashlib
import json
from urllib.parse import parse_qs, urlsplit

from accounts.notifications.transports import aliyun, tencent

SECRET_ID, SECRET_KEY = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
HOST = "sms.tencentcloudapi.com"
SEND_SMS = {"PhoneNumberSet": ["+8613800138000"], "SmsSdkAppId": "1400006666", "SignName": "云协商",
            "TemplateId": "1110", "TemplateParamSet": ["张委员", "乡村振兴…", "12月01日"], "SessionContext": "42"}


def test_tencent_tc3_authorization_matches_the_official_sdk(monkeypatch):
    from tencentcloud.common import abstract_client
    from tencentcloud.common.credential import Credential
    from tencentcloud.common.http.request import RequestInternal
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile

    class SmsClient(abstract_client.AbstractClient):
        _apiVersion, _endpoint, _service = "2021-01-11", HOST, "sms"

    timestamp = 1_764_300_000
    monkeypatch.setattr(abstract_client.time, "time", lambda: timestamp)
    client = SmsClient(Credential(SECRET_ID, SECRET_KEY), "ap-guangzhou",
                       ClientProfile(httpProfile=HttpProfile(endpoint=HOST)))
    request = RequestInternal(HOST, "POST", "/")
    client._build_req_with_tc3_signature("SendSms", dict(SEND_SMS), request)

    ours = tencent.authorization(SECRET_ID, SECRET_KEY, HOST, request.data.encode(), timestamp,
                                 content_type=request.header["Content-Type"])
    assert ours == request.header["Authorization"]


def test_tencent_tc3_signature_matches_the_sdks_signing_function():
    from tencentcloud.common.sign import Sign

    body = json.dumps(SEND_SMS, ensure_ascii=False, separators=(",", ":")).encode()
    header = tencent.authorization(SECRET_ID, SECRET_KEY, HOST, body, 1_764_300_000)
    # rebuild the string to sign as the TC3 documentation gives it, then sign it with the SDK
    canonical = "\n".join(["POST", "/", "", f"content-type:{tencent.CONTENT_TYPE}\nhost:{HOST}\n",
                           "content-type;host", hashlib.sha256(body).hexdigest()])
    to_sign = "\n".join(["TC3-HMAC-SHA256", "1764300000", "2025-11-28/sms/tc3_request",
                         hashlib.sha256(canonical.encode()).hexdigest()])
    assert header.endswith("Signature=" + Sign.sign_tc3(SECRET_KEY, "2025-11-28", "sms", to_sign))


def test_alibaba_rpc_signature_matches_the_official_sdk(monkeypatch):
    from aliyunsdkcore.auth.composer import rpc_signature_composer as composer
    from aliyunsdkcore.utils import parameter_helper

    monkeypatch.setattr(parameter_helper, "get_iso_8061_date", lambda: "2026-11-28T01:02:03Z")
    monkeypatch.setattr(parameter_helper, "get_uuid", lambda: "9f8d6c1e4b2a4e0f8a7b6c5d4e3f2a1b")
    params = {"Action": "SendSms", "Version": "2017-05-25", "RegionId": "cn-hangzhou", "OutId": "42",
              "PhoneNumbers": "+8613800138000", "SignName": "云协商", "TemplateCode": "SMS_100002",
              "TemplateParam": json.dumps({"name": "张委员", "title": "关于乡村振兴的协商 (第1期)*~",
                                           "deadline": "2026年12月01日 09:30"}, ensure_ascii=False,
                                          separators=(",", ":"))}
    url, _string_to_sign = composer.get_signed_url(dict(params), SECRET_ID, SECRET_KEY, "JSON", "POST", {})
    sdk_params = dict(params)
    # the SDK adds these itself (with the patched time and nonce); our transport sends the same set
    sdk_params.update(Timestamp="2026-11-28T01:02:03Z", SignatureMethod="HMAC-SHA1", SignatureType="",
                      SignatureVersion="1.0", SignatureNonce="9f8d6c1e4b2a4e0f8a7b6c5d4e3f2a1b",
                      AccessKeyId=SECRET_ID, Format="JSON")
    sdk_signature = parse_qs(urlsplit(url).query)["Signature"][0]
    assert aliyun.sign(sdk_params, SECRET_KEY) == sdk_signature


def test_alibaba_hmac_is_the_sdks_hmac_sha1():
    from aliyunsdkcore.auth.algorithm import sha_hmac1

    string_to_sign = "POST&%2F&AccessKeyId%3Dtestid%26Action%3DSendSms"
    ours = aliyun.sign({"AccessKeyId": "testid", "Action": "SendSms"}, SECRET_KEY)
    assert ours == sha_hmac1.get_sign_string(string_to_sign, SECRET_KEY + "&")

