"""WeCom (企业微信) application message: gettoken with corpid/corpsecret, then message/send.

Limits are in bytes of UTF-8 (text 2,048, textcard title 128 and description 512), so texts are cut
on a character boundary within those bytes. WeCom silently drops messages past 30 a minute and
1,000 an hour to one person: the per-recipient limiter holds them back instead. Every send asks WeCom
to drop a duplicate within `duplicate_check_seconds`, so a retry never shows the message twice.
"""

from django.utils.translation import gettext as _

from .. import ratelimit
from ..fitting import ELLIPSIS
from .base import Result, Transport, WeComAddress
from .wechat_base import AccessTokenMixin

TEXT_BYTES, TITLE_BYTES, DESCRIPTION_BYTES = 2048, 128, 512
MAX_DUPLICATE_CHECK = 4 * 3600


def cut_bytes(text: str, limit: int) -> str:
    """At most `limit` bytes of UTF-8, cut between characters, ending with "…" when cut."""
    data = text.encode()
    if len(data) <= limit:
        return text
    room = limit - len(ELLIPSIS.encode())
    return data[:room].decode("utf-8", "ignore") + ELLIPSIS


def refused_recipient(answer: dict, address: str) -> str:
    """Why WeCom did not deliver to `address` although the call succeeded ("" when it did)."""
    def listed(name):
        return address.lower() in {u.lower() for u in (answer.get(name) or "").split("|") if u}

    if listed("invaliduser"):
        return _("invaliduser: %(user)s is not in the application's visible range or does not exist") % {
            "user": address}
    if listed("unlicenseduser"):
        return _("unlicenseduser: %(user)s has no WeCom licence for this application; "
                 "activate their account in the WeCom admin console") % {"user": address}
    return ""


class WeComTransport(WeComAddress, AccessTokenMixin, Transport):
    provider = "wecom"
    required = ("api_base", "corp_id", "corp_secret", "agent_id")

    @property
    def token_cache_key(self) -> str:
        return f"notify:wecom-token:{self.config.get('corp_id')}:{self.config.get('agent_id')}"

    def token_url_and_params(self):
        base = self.config["api_base"].rstrip("/")
        return f"{base}/cgi-bin/gettoken", {"corpid": self.config["corp_id"], "corpsecret": self.config["corp_secret"]}

    def payload(self, notification) -> dict:
        interval = min(MAX_DUPLICATE_CHECK, int(self.config.get("duplicate_check_seconds") or 1800))
        payload = {"touser": notification.address, "agentid": int(self.config["agent_id"]),
                   "enable_duplicate_check": 1, "duplicate_check_interval": interval}
        if notification.url:
            return payload | {"msgtype": "textcard", "textcard": {
                "title": cut_bytes(notification.subject, TITLE_BYTES),
                "description": cut_bytes(notification.body, DESCRIPTION_BYTES),
                "url": notification.url, "btntxt": "详情",
            }}
        return payload | {"msgtype": "text", "text": {
            "content": cut_bytes(f"{notification.subject}\n{notification.body}", TEXT_BYTES)}}

    def send(self, notification) -> Result:
        if missing := self.missing_config():
            return Result.failed(f"WeCom is not configured: {', '.join(missing)}")
        if wait := ratelimit.recipient_wait(self.provider, notification.address):
            return Result.retry(_("Held back: WeCom accepts only so many messages an hour to one person"),
                                retry_after=wait)
        base = self.config["api_base"].rstrip("/")
        answer = self.post_with_token(f"{base}/cgi-bin/message/send", self.payload(notification))
        if isinstance(answer, Result):
            return answer
        if answer.get("errcode") == 0:
            if reason := refused_recipient(answer, notification.address):
                return Result.failed(reason)
            return Result.sent(answer.get("msgid", ""))
        return self.result_of(answer)
