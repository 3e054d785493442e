import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMessage

from .base import EmailAddress, Result, Transport


class EmailTransport(EmailAddress, Transport):
    """Django's email backend (SMTP in production, console in development, locmem in tests)."""

    provider = "email"

    def send(self, notification) -> Result:
        body = notification.body + (f"\n\n{notification.url}" if notification.url else "")
        message = EmailMessage(
            subject=notification.subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.address], headers={"X-Notification-Key": notification.key},
        )
        try:
            message.send()
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as error:
            return Result.failed(f"SMTP refused: {error}")
        except (ConnectionRefusedError, smtplib.SMTPConnectError, socket.gaierror) as error:
            return Result.retry(f"SMTP unreachable: {error}")  # no connection: nothing went out
        except (OSError, smtplib.SMTPException) as error:
            return Result.unknown(f"SMTP: {error}")
        return Result.sent(message.extra_headers.get("Message-ID", ""))
