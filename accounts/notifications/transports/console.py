import logging

from django.utils.translation import gettext as _

from .base import Result, Transport, masked_body, mobile_number

logger = logging.getLogger("accounts.notifications.transports.console")


class ConsoleTransport(Transport):
    """The embedded default: writes each message to the log, so `make run` shows what would go out
    (one-time codes masked: logs are read by more people than the phone's owner)."""

    provider = "console"

    def address(self, user, contact=None) -> str:
        if self.channel == "sms":
            return mobile_number(user)
        if self.channel == "wechat":
            return ((contact.wecom_userid or contact.wechat_openid) if contact else "") or ""
        if self.channel == "email":
            return user.email or ""
        return str(user.pk)

    def missing_address_reason(self) -> str:
        return {
            "sms": _("No mobile phone number on file"),
            "wechat": _("No WeChat identity on file"),
            "email": _("No email address on file"),
        }.get(self.channel, super().missing_address_reason())

    def send(self, notification) -> Result:
        logger.info(
            "[%s → %s] %s\n%s%s", notification.channel, notification.address, notification.subject,
            masked_body(notification), f"\n{notification.url}" if notification.url else "",
        )
        return Result.sent(f"console-{notification.pk}")
