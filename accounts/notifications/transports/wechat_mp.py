"""WeChat official account template message: cgi-bin/token with appid/secret, then
message/template/send to the follower's OpenID."""

from django.utils import timezone

from .base import OpenIdAddress, Result, Transport
from .wechat_base import AccessTokenMixin


class WeChatTemplateTransport(OpenIdAddress, AccessTokenMixin, Transport):
    provider = "wechat_mp"
    required = ("api_base", "app_id", "app_secret", "template_id")

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
        when = timezone.localtime(notification.created_at or timezone.now())
        payload = {
            "touser": notification.address,
            "template_id": self.config["template_id"],
            "url": notification.url,
            "data": {
                "first": {"value": notification.subject[:100]},
                "keyword1": {"value": notification.body[:200]},
                "keyword2": {"value": f"{when:%Y-%m-%d %H:%M}"},
                "remark": {"value": "点击查看详情" if notification.url else ""},
            },
        }
        base = self.config["api_base"].rstrip("/")
        answer = self.post_with_token(f"{base}/cgi-bin/message/template/send", payload)
        if isinstance(answer, Result):
            return answer
        if answer.get("errcode") == 0:
            return Result.sent(answer.get("msgid", ""))
        return self.result_of(answer)  # 43004 not following, 40003 bad OpenID → failed
