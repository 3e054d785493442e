from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .notification import Channel, Trigger
from .user import Role

EXTERNAL_CHANNELS = [Channel.WECHAT, Channel.SMS, Channel.EMAIL]

# Channels beyond the in-app centre (which everyone always gets), by role and trigger.
# Members and leaders live on their phones; officials work from WeCom; the public gets email at most.
ROLE_DEFAULTS: dict[str, dict[str, list[str]]] = {
    Role.MEMBER: {
        Trigger.INVITATION: [Channel.SMS, Channel.WECHAT],
        Trigger.STAGE_OPENED: [Channel.WECHAT],
        Trigger.SPEECH_CLAIMED: [Channel.WECHAT],
        Trigger.SPEECH_SPLIT: [Channel.WECHAT],
        Trigger.SPEECH_ANSWERED: [Channel.WECHAT, Channel.SMS],
        Trigger.MINUTES_READY: [Channel.EMAIL],
    },
    Role.LEADER: {
        Trigger.INVITATION: [Channel.SMS, Channel.WECHAT],
        Trigger.STAGE_OPENED: [Channel.WECHAT],
        Trigger.MINUTES_READY: [Channel.EMAIL, Channel.WECHAT],
    },
    Role.OFFICIAL: {
        Trigger.INVITATION: [Channel.WECHAT, Channel.SMS],
        Trigger.DEPARTMENT_PRESSED: [Channel.WECHAT, Channel.SMS],
        Trigger.CLAIM_ASSIGNED: [Channel.WECHAT],
        Trigger.CLAIM_DUE_SOON: [Channel.WECHAT],
        Trigger.CLAIM_OVERDUE: [Channel.WECHAT, Channel.SMS],
        Trigger.MINUTES_READY: [Channel.EMAIL],
    },
    Role.STAFF: {
        Trigger.MINUTES_READY: [Channel.EMAIL],
    },
    Role.PUBLIC: {
        Trigger.COMMENT_REPLIED: [],
    },
}


def default_channels(role: str, trigger: str) -> list[str]:
    return list(ROLE_DEFAULTS.get(role, {}).get(trigger, []))


class NotificationSettings(models.Model):
    """Where a person can be reached besides phone and email, and the order to fall back in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    wecom_userid = models.CharField(
        _("WeCom user ID"), max_length=64, blank=True, help_text=_("Your account in the committee's WeCom")
    )
    wechat_openid = models.CharField(
        _("WeChat OpenID"), max_length=64, blank=True,
        help_text=_("Set when you follow the committee's official account"),
    )
    channel_order = models.JSONField(
        _("fallback order"), default=list, blank=True,
        help_text=_("When a channel cannot reach you, the next one in this order is used"),
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)

    @property
    def order(self) -> list[str]:
        chosen = [c for c in self.channel_order if c in EXTERNAL_CHANNELS]
        return chosen + [c for c in EXTERNAL_CHANNELS if c not in chosen]


class NotificationPreference(models.Model):
    """The channels one person wants for one trigger (the in-app centre always gets it too)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    trigger = models.CharField(_("trigger"), max_length=32, choices=Trigger.choices)
    channels = models.JSONField(_("channels"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "trigger"], name="one_preference_per_trigger")
        ]

    def __str__(self):
        return f"{self.user}: {self.trigger} → {', '.join(self.channels) or '-'}"
