"""`manage.py check` validates the message templates of the configured SMS and WeChat providers, so a
template the provider would refuse is named before the first invitation goes out."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from .notifications import sms_templates
from .notifications.transports import wechat_mp

SMS_HINTS = {
    "aliyun": "Set ALIYUN_SMS_TEMPLATE_CODE / ALIYUN_SMS_TEMPLATE_PARAMS (and the INVITATION_ ones) as approved "
              "in the Alibaba Cloud SMS console; see docs/NOTIFICATIONS.md.",
    "tencent": "Set TENCENT_SMS_TEMPLATE_ID / TENCENT_SMS_TEMPLATE_PARAMS (and the INVITATION_ ones) and "
               "TENCENT_SMS_TEXT_LENGTH as approved in the Tencent Cloud SMS console; see docs/NOTIFICATIONS.md.",
}
MP_HINT = ("Set WECHAT_MP_TEMPLATE_ID / WECHAT_MP_TEMPLATE_KEYS (and the INVITATION_ ones) from the template's "
           "details in the official account's console; see docs/NOTIFICATIONS.md.")


def configured(channel: str) -> str:
    return settings.NOTIFY_TRANSPORTS.get(channel) or "console"


@register(Tags.compatibility)
def notification_templates(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    sms = configured("sms")
    if sms in sms_templates.KIND_LIMITS:
        config = settings.NOTIFY_PROVIDERS.get(sms, {})
        errors += [Error(f"{sms} SMS: {problem}", hint=SMS_HINTS[sms], id="accounts.E101")
                   for problem in sms_templates.problems(sms, config)]
        if problem := sms_templates.sign_in_code_problem(sms, config):
            errors.append(Error(f"{sms} SMS: {problem}", hint=SMS_HINTS[sms], id="accounts.E103"))
    if configured("wechat") == "wechat_mp":
        config = settings.NOTIFY_PROVIDERS.get("wechat_mp", {})
        errors += [Error(f"WeChat official account: {problem}", hint=MP_HINT, id="accounts.E102")
                   for problem in wechat_mp.problems(config)]
    return errors
