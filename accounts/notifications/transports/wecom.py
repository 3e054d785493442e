"""WeCom (企业微信) application message: gettoken with corpid/corpsecret, then message/send."""

from .base import Result, Transport, WeComAddress
from .wechat_base import AccessTokenMixin


class WeComTransport(WeComAddress, AccessTokenMixin, Transport):
    provider = "wecom"
    required = ("api_base", "corp_id", "corp_secret", "agent_id")

    @property
    def token_cache_key(self) -> str:
        return f"notify:wecom-token:{self.config.get('corp_id')}:{self.config.get('agent_id')}"

    def token_url_and_params(self):
        base = self.config["api_base"].rstrip("/")
        return f"{base}/cgi-bin/gettoken", {"corpid": self.config["corp_id"], "corpsecret": self.config["corp_secret"]}

    def send(self, notification) -> Result:
        if missing := self.missing_config():
            return Result.failed(f"WeCom is not configured: {', '.join(missing)}")
        payload = {"touser": notification.address, "agentid": int(self.config["agent_id"])}
        if notification.url:
            payload |= {"msgtype": "textcard", "textcard": {
                "title": notification.subject[:128], "description": notification.body[:512],
                "url": notification.url, "btntxt": "详情",
            }}
        else:
            payload |= {"msgtype": "text", "text": {"content": f"{notification.subject}\n{notification.body}"[:2000]}}
        base = self.config["api_base"].rstrip("/")
        answer = self.post_with_token(f"{base}/cgi-bin/message/send", payload)
        if isinstance(answer, Result):
            return answer
        if answer.get("errcode") == 0:
            invalid = {name.lower() for name in (answer.get("invaliduser") or "").split("|") if name}
            if notification.address.lower() in invalid:
                return Result.failed(f"invaliduser: {notification.address} is not in the application's range")
            return Result.sent(answer.get("msgid", ""))
        return self.result_of(answer)
