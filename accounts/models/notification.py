from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WECHAT = "wechat", _("WeChat")


class Trigger(models.TextChoices):
    """Why a person is told something; each person picks channels per trigger."""

    INVITATION = "invitation", _("Invitation to a consultation")
    STAGE_OPENED = "stage_opened", _("A stage opens")
    SPEECH_CLAIMED = "speech_claimed", _("A department claimed your speech")
    SPEECH_ANSWERED = "speech_answered", _("A department replied to your speech")
    SPEECH_SPLIT = "speech_split", _("Your speech was split into aspects")
    COMMENT_REPLIED = "comment_replied", _("Someone replied to your comment")
    DEPARTMENT_PRESSED = "department_pressed", _("A leader pressed your department")
    CLAIM_ASSIGNED = "claim_assigned", _("An aspect was assigned to your department")
    CLAIM_DUE_SOON = "claim_due_soon", _("A claim is due soon")
    CLAIM_OVERDUE = "claim_overdue", _("A claim is overdue")
    REPLY_RATED = "reply_rated", _("An author rated your department's reply")
    MINUTES_READY = "minutes_ready", _("Minutes are ready")
    SIGN_IN_CODE = "sign_in_code", _("Sign-in code")


class Failure(models.TextChoices):
    """Why a row ended failed; staff resend the ones a person should still get."""

    PERMANENT = "permanent", _("Refused by the provider")
    NO_ADDRESS = "no_address", _("No address for this channel")
    EXHAUSTED = "exhausted", _("Gave up after retries")
    UNKNOWN = "unknown", _("Interrupted; may or may not have arrived")


class Notification(models.Model):
    """One message to one person on one channel: the outbox row that a Celery task delivers.

    Written in the same transaction as the event that caused it; `key` makes it idempotent, so the
    same event never produces a second message on the same channel.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        REFUSED = "refused", _("Refused by carrier")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    trigger = models.CharField(_("trigger"), max_length=32, choices=Trigger.choices)
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    topic = models.CharField(_("topic"), max_length=100, blank=True, db_index=True,
                             help_text=_("What it is about, e.g. consultation:12, for staff views"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    provider_message_id = models.CharField(_("provider message id"), max_length=200, blank=True, db_index=True,
                                           help_text=_("Matches the provider's delivery receipts"))
    last_error = models.TextField(_("last error"), blank=True)
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    failure = models.CharField(_("failure"), max_length=16, choices=Failure.choices, blank=True)
    params = models.JSONField(_("template parameters"), default=dict, blank=True)
    address = models.CharField(_("sent to"), max_length=200, blank=True)
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    receipt_at = models.DateTimeField(_("delivery receipt"), null=True, blank=True,
                                      help_text=_("When the carrier reported the message delivered or refused"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"], name="notification_unread"),
            models.Index(fields=["status", "not_before"], name="notification_outbox"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject}"
