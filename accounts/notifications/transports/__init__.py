"""Transports: one class per provider behind one small interface, chosen by settings.

`get_transport(channel)` returns the configured transport for a channel; the caller never knows
which provider it talks to. Each transport answers `address(user, contact)` (where it would send,
or "" when it cannot reach this person) and `send(notification) -> Result`.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Result, Transport

SHORT_NAMES = {
    "console": "accounts.notifications.transports.console.ConsoleTransport",
    "email": "accounts.notifications.transports.email.EmailTransport",
    "aliyun": "accounts.notifications.transports.aliyun.AliyunSmsTransport",
    "tencent": "accounts.notifications.transports.tencent.TencentSmsTransport",
    "wecom": "accounts.notifications.transports.wecom.WeComTransport",
    "wechat_mp": "accounts.notifications.transports.wechat_mp.WeChatTemplateTransport",
}


def get_transport(channel: str) -> Transport:
    spec = settings.NOTIFY_TRANSPORTS.get(channel) or "console"
    cls = import_string(SHORT_NAMES.get(spec, spec))
    return cls(channel, settings.NOTIFY_PROVIDERS.get(cls.provider, {}))


__all__ = ["Result", "Transport", "get_transport"]
