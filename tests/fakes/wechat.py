"""WeCom application messages and WeChat official account template messages, as documented:
a token endpoint (errcode/access_token/expires_in), then a send endpoint that checks the token."""

import json
import secrets
import time

from .server import FakeServer


class _TokenServer(FakeServer):
    token_path = ""
    send_path = ""

    def __init__(self, expires_in=7200, **kwargs):
        super().__init__(**kwargs)
        self.expires_in = expires_in
        self.tokens: dict[str, float] = {}
        self.tokens_issued = 0

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens = {token: 0.0 for token in self.tokens}

    def issue(self) -> dict:
        token = secrets.token_hex(16)
        with self.lock:
            self.tokens[token] = time.time() + self.expires_in
            self.tokens_issued += 1
        return {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": self.expires_in}

    def error(self, code, message):
        self.reject(str(code))
        return 200, {"errcode": code, "errmsg": message}

    def token_problem(self, query):
        expiry = self.tokens.get(query.get("access_token", ""))
        if expiry is None:
            return self.error(40014, "invalid access_token")
        if expiry < time.time():
            return self.error(42001, "access_token expired")
        return None

    def handle(self, method, path, query, headers, body):
        if path == self.token_path and method == "GET":
            return self.token(query)
        if path == self.send_path and method == "POST":
            if problem := self.token_problem(query):
                return problem
            try:
                payload = json.loads(body)
            except ValueError:
                return self.error(47001, "data format error")
            if self.over_rate():
                return self.error(45009, "reach max api daily quota limit")
            return self.send(payload)
        return self.error(404, "not found")


class FakeWeCom(_TokenServer):
    token_path = "/cgi-bin/gettoken"
    send_path = "/cgi-bin/message/send"

    def __init__(self, corp_id="ww-test", corp_secret="wecom-secret", agent_id=1000002, users=None,
                 unlicensed=(), per_minute=30, **kwargs):
        super().__init__(**kwargs)
        self.corp_id, self.corp_secret, self.agent_id = corp_id, corp_secret, agent_id
        self.users = users  # None: every user exists
        self.unlicensed = set(unlicensed)
        self.per_minute = per_minute
        self.dropped: list[dict] = []  # accepted with errcode 0 but never shown: WeCom's silent limit
        self.shown: dict[tuple, float] = {}  # (user, message) → when, for enable_duplicate_check

    def settings(self) -> dict:
        return {"api_base": self.url, "corp_id": self.corp_id, "corp_secret": self.corp_secret,
                "agent_id": str(self.agent_id)}

    def token(self, query):
        if query.get("corpid") != self.corp_id:
            return self.error(40013, "invalid corpid")
        if query.get("corpsecret") != self.corp_secret:
            return self.error(40001, "invalid credential")
        return 200, self.issue()

    def send(self, payload):
        if payload.get("agentid") != self.agent_id:
            return self.error(40056, "invalid agentid")
        msgtype = payload.get("msgtype")
        if msgtype not in ("text", "textcard"):
            return self.error(40008, "invalid message type")
        if msgtype == "text" and not (payload.get("text") or {}).get("content"):
            return self.error(41009, "missing content")
        if msgtype == "text" and len(payload["text"]["content"].encode()) > 2048:
            return self.error(45002, "content size out of limit")
        if msgtype == "textcard":
            card = payload.get("textcard") or {}
            if not (card.get("title") and card.get("description") and card.get("url")):
                return self.error(44004, "empty textcard field")
            if len(card["title"].encode()) > 128 or len(card["description"].encode()) > 512:
                return self.error(45002, "content size out of limit")
        user = payload.get("touser", "")
        if not user:
            return self.error(40031, "invalid user list")
        if scripted := self.next_scripted(user):
            return self.error(scripted, "scripted")
        if self.users is not None and user not in self.users:
            self.reject("invaliduser", user=user)
            return 200, {"errcode": 0, "errmsg": "ok", "invaliduser": user, "msgid": ""}
        if user in self.unlicensed:
            self.reject("unlicenseduser", user=user)
            return 200, {"errcode": 0, "errmsg": "ok", "invaliduser": "", "unlicenseduser": user, "msgid": ""}
        msgid = secrets.token_hex(8)
        now = time.time()
        content = json.dumps(payload.get(msgtype), sort_keys=True)
        with self.lock:
            earlier = self.shown.get((user, content))
            duplicate = (payload.get("enable_duplicate_check") == 1 and earlier is not None
                         and now - earlier < int(payload.get("duplicate_check_interval") or 1800))
            recent = sum(1 for item in self.received if item["address"] == user and now - item["at"] < 60)
            if not duplicate:
                self.shown[(user, content)] = now
        if duplicate:
            self.reject("duplicate", user=user)
            return 200, {"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": msgid}
        if recent >= self.per_minute:
            with self.lock:
                self.dropped.append({"address": user, "at": now})
            return 200, {"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": msgid}
        self.accept(user, msgid=msgid, msgtype=msgtype, payload=payload)
        return 200, {"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": msgid}


class FakeWeChatMP(_TokenServer):
    token_path = "/cgi-bin/token"
    send_path = "/cgi-bin/message/template/send"

    def __init__(self, app_id="wx-test", app_secret="mp-secret", templates=None, followers=None, **kwargs):
        super().__init__(**kwargs)
        self.app_id, self.app_secret = app_id, app_secret
        # Category-library templates: id → their typed keys and each key's longest value.
        self.templates = templates or {"TPL-notice": {"thing1": 20, "time2": 40, "phrase3": 5},
                                       "TPL-invite": {"thing1": 20, "time2": 40, "phrase3": 5}}
        self.followers = followers  # None: every OpenID follows the account
        self.client_msg_ids: dict[tuple, int] = {}

    def settings(self) -> dict:
        return {"api_base": self.url, "app_id": self.app_id, "app_secret": self.app_secret, "templates": {
            "default": {"id": "TPL-notice", "keys": ["thing1=title", "time2=time", "phrase3=status"]},
            "invitation": {"id": "TPL-invite", "keys": ["thing1=title", "time2=deadline", "phrase3=status"]}}}

    def data_problem(self, keys: dict, data: dict) -> str | None:
        for key, item in data.items():
            if key not in keys:
                return f"argument invalid! data.{key} is not a keyword of the template"
            value = str((item or {}).get("value", ""))
            if not value or "\n" in value or len(value) > keys[key]:
                return f"argument invalid! data.{key}.value invalid"
        return None

    def token(self, query):
        if query.get("grant_type") != "client_credential":
            return self.error(40002, "invalid grant_type")
        if query.get("appid") != self.app_id:
            return self.error(40013, "invalid appid")
        if query.get("secret") != self.app_secret:
            return self.error(40125, "invalid appsecret")
        return 200, self.issue()

    def send(self, payload):
        openid = payload.get("touser", "")
        if not openid:
            return self.error(40003, "invalid openid")
        keys = self.templates.get(payload.get("template_id"))
        if keys is None:
            return self.error(40037, "invalid template_id")
        if not isinstance(payload.get("data"), dict) or not payload["data"]:
            return self.error(47003, "argument invalid! data is empty")
        if problem := self.data_problem(keys, payload["data"]):
            return self.error(47003, problem)
        if scripted := self.next_scripted(openid):
            return self.error(scripted, "scripted")
        if self.followers is not None and openid not in self.followers:
            return self.error(43004, "require subscribe")
        dedupe = (openid, payload.get("client_msg_id"))
        with self.lock:
            earlier = self.client_msg_ids.get(dedupe) if dedupe[1] else None
        if earlier is not None:  # the same client_msg_id again: no second message
            self.reject("duplicate", openid=openid)
            return 200, {"errcode": 0, "errmsg": "ok", "msgid": earlier}
        msgid = int(time.time() * 1000)
        with self.lock:
            self.client_msg_ids[dedupe] = msgid
        self.accept(openid, msgid=msgid, payload=payload)
        return 200, {"errcode": 0, "errmsg": "ok", "msgid": msgid}
