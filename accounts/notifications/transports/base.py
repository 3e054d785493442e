from dataclasses import dataclass

import phonenumbers
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Result:
    """What became of one send.

    sent: the provider accepted it. retry: it surely did not go out (throttled, refused before
    sending, connection never made), try again later. failed: it will never go out as it is.
    unknown: it may have gone out (the answer was lost); never retried automatically.
    """

    outcome: str
    provider_message_id: str = ""
    error: str = ""
    retry_after: float | None = None

    @classmethod
    def sent(cls, provider_message_id: str = "") -> "Result":
        return cls("sent", provider_message_id=str(provider_message_id))

    @classmethod
    def retry(cls, error: str, retry_after: float | None = None) -> "Result":
        return cls("retry", error=error, retry_after=retry_after)

    @classmethod
    def failed(cls, error: str) -> "Result":
        return cls("failed", error=error)

    @classmethod
    def unknown(cls, error: str) -> "Result":
        return cls("unknown", error=error)


class Transport:
    """One way of delivering a channel. Subclasses set `provider` and implement `send`."""

    provider = ""
    required: tuple[str, ...] = ()

    def __init__(self, channel: str, config: dict):
        self.channel = channel
        self.config = config

    def missing_config(self) -> list[str]:
        return [name for name in self.required if not self.config.get(name)]

    def address(self, user, contact=None) -> str:
        """Where this transport would reach `user` ("" when it cannot); `contact` is their
        NotificationSettings row or None."""
        raise NotImplementedError

    def missing_address_reason(self) -> str:
        return _("No address for this channel")

    def send(self, notification) -> Result:
        raise NotImplementedError


def mobile_number(user) -> str:
    """The person's phone number when it can receive SMS (a valid mobile number), else ""."""
    if not user.phone:
        return ""
    try:
        number = phonenumbers.parse(user.phone, None)
    except phonenumbers.NumberParseException:
        return ""
    kind = phonenumbers.number_type(number)
    if phonenumbers.is_valid_number(number) and kind in (
        phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE
    ):
        return user.phone
    return ""


class SmsAddress:
    def address(self, user, contact=None) -> str:
        return mobile_number(user)

    def missing_address_reason(self) -> str:
        return _("No mobile phone number on file")


class WeComAddress:
    def address(self, user, contact=None) -> str:
        return (contact.wecom_userid if contact else "") or ""

    def missing_address_reason(self) -> str:
        return _("No WeCom account on file")


class OpenIdAddress:
    def address(self, user, contact=None) -> str:
        return (contact.wechat_openid if contact else "") or ""

    def missing_address_reason(self) -> str:
        return _("Not following the official account (no WeChat OpenID)")


class EmailAddress:
    def address(self, user, contact=None) -> str:
        return user.email or ""

    def missing_address_reason(self) -> str:
        return _("No email address on file")


def mask_code(code: str) -> str:
    """A one-time code as logs and staff may see it: the first digit, the rest hidden."""
    return code[:1] + "*" * (len(code) - 1) if code else code


def masked_body(notification) -> str:
    """The text with any one-time code (`params["sign_in_code"]`) masked, for logs and staff screens."""
    code = str((notification.params or {}).get("sign_in_code", ""))
    return notification.body.replace(code, mask_code(code)) if code else notification.body

