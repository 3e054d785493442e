"""WeChat official account template message: cgi-bin/token with appid/secret, then
message/template/send to the follower's OpenID.

Since May 2023 template messages show neither `first` nor `remark`, and templates from the category
library have typed keys (`thing1`, `time2`, `phrase3`, …), each with its own limit and no line
breaks. The configuration maps each key to one of the project's fields; values are fitted to the key's
type (a title to 20 characters with "…", a time rendered, a status word).
"""

import hashlib
import re

from django.utils.translation import gettext_lazy as _

from ..fitting import FIELDS, TIME_FIELDS, fit, message_fields
from .base import OpenIdAddress, Result, Transport
from .wechat_base import AccessTokenMixin

# Key types of category-library templates and their longest values (None: a format, not a length).
KEY_LIMITS = {
    "thing": 20, "phrase": 5, "character_string": 32, "number": 32, "letter": 32, "symbol": 5, "name": 10,
    "time": None, "date": None, "amount": None, "phone_number": 17, "car_number": 8, "const": 20,
}
KEY = re.compile(r"^(?P<type>[a-z_]+?)(?P<n>\d+)$")
KEY_FIELDS = {"time": TIME_FIELDS, "date": TIME_FIELDS, "phrase": {"status"}, "character_string": {"code"},
              "thing": set(FIELDS) - {"code", "sign_in_code"}, "name": {"name", "organizer"}}
MAX_KEYS = 5
ACTIONS = {
    43004: _("The person no longer follows the official account; ask them to follow it again."),
    40003: _("The OpenID is not a follower of this official account: correct it in the user admin."),
    40037: _("The template id is wrong or was deleted: check WECHAT_MP_TEMPLATE_ID in the account's console."),
    47003: _("The template's keys do not match: check WECHAT_MP_TEMPLATE_KEYS against the template's details."),
    48001: _("The official account may not send template messages (not verified, or the API is not granted)."),
}


def parse_keys(items) -> list[tuple[str, str, str]]:
    """(key, type, field) per `key=field` item; ValueError naming the first one that cannot be read."""
    keys = []
    for item in items:
        key, _sep, field = str(item).strip().partition("=")
        match = KEY.match(key)
        if not match or match["type"] not in KEY_LIMITS:
            raise ValueError(f"unknown key {key!r}; keys look like thing1, time2, phrase3, character_string4")
        keys.append((key, match["type"], field))
    return keys


def problems(config: dict) -> list[str]:
    found = []
    for purpose, template in (config.get("templates") or {}).items():
        where = f"template {purpose!r}"
        if not template.get("id"):
            if purpose == "default":
                found.append(f"{where} has no template id")
            continue
        try:
            keys = parse_keys(template.get("keys") or [])
        except ValueError as error:
            found.append(f"{where}: {error}")
            continue
        if not keys or len(keys) > MAX_KEYS:
            found.append(f"{where} has {len(keys)} keys; a template has 1 to {MAX_KEYS}")
        for key, kind, field in keys:
            if field not in FIELDS:
                found.append(f"{where} key {key!r}: unknown field {field!r}; known: {', '.join(FIELDS)}")
            elif kind in KEY_FIELDS and field not in KEY_FIELDS[kind]:
                found.append(f"{where} key {key!r}: field {field!r} cannot fill a {kind} key")
    return found


def template_data(config: dict, notification) -> tuple[str, dict]:
    templates = config.get("templates") or {}
    template = templates.get(notification.trigger) or {}
    if not template.get("id"):
        template = templates.get("default") or {}
    fields = message_fields(notification)
    data = {key: {"value": fit(fields[field], kind, KEY_LIMITS[kind])}
            for key, kind, field in parse_keys(template.get("keys") or [])}
    return template.get("id", ""), data


def client_msg_id(key: str) -> str:
    """The notification's idempotency key (a digest when longer than WeChat takes), so WeChat sends one
    message per key however often we retry."""
    return key if len(key) <= 64 else hashlib.sha256(key.encode()).hexdigest()


class WeChatTemplateTransport(OpenIdAddress, AccessTokenMixin, Transport):
    provider = "wechat_mp"
    required = ("api_base", "app_id", "app_secret")

    @property
    def token_cache_key(self) -> str:
        return f"notify:wechat-mp-token:{self.config.get('app_id')}"

    def token_url_and_params(self):
        base = self.config["api_base"].rstrip("/")
        return f"{base}/cgi-bin/token", {
            "grant_type": "client_credential", "appid": self.config["app_id"], "secret": self.config["app_secret"]
        }

    def send(self, notification) -> Result:
        if missing := self.missing_config():
            return Result.failed(f"The WeChat official account is not configured: {', '.join(missing)}")
        if found := problems(self.config):
            return Result.failed(f"WeChat official account templates: {'; '.join(found)} (see manage.py check)")
        template_id, data = template_data(self.config, notification)
        payload = {"touser": notification.address, "template_id": template_id, "data": data,
                   "client_msg_id": client_msg_id(notification.key)}
        if notification.url:
            payload["url"] = notification.url
        base = self.config["api_base"].rstrip("/")
        answer = self.post_with_token(f"{base}/cgi-bin/message/template/send", payload)
        if isinstance(answer, Result):
            return answer
        if answer.get("errcode") == 0:
            return Result.sent(answer.get("msgid", ""))
        result = self.result_of(answer)
        if result.outcome == "failed" and answer.get("errcode") in ACTIONS:
            return Result.failed(f"{result.error} — {ACTIONS[answer['errcode']]}")
        return result
