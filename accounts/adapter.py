"""allauth's account adapter: phone numbers live on `User.phone`, sign-in codes go out as SMS through
the notification outbox, and each role lands on its own desk after signing in."""

import secrets

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from .phones import normalize_phone


def _normalized(phone: str) -> str:
    try:
        return normalize_phone(phone)
    except ValidationError:
        return ""


class AccountAdapter(DefaultAccountAdapter):
    def phone_form_field(self, **kwargs):
        from .forms import PhoneField

        kwargs.setdefault("label", _("Phone number"))
        field = PhoneField(max_length=20, **kwargs)
        field.widget.attrs.update({"autocomplete": "tel", "inputmode": "tel", "type": "tel",
                                   "placeholder": _("e.g. 138 0013 8000")})
        return field

    def get_phone(self, user):
        return (user.phone, user.phone_verified) if user.phone else None

    def set_phone(self, user, phone, verified):
        user.phone, user.phone_verified = phone, verified
        user.save(update_fields=["phone", "phone_verified"])

    def set_phone_verified(self, user, phone):
        if user.phone == phone and not user.phone_verified:
            user.phone_verified = True
            user.save(update_fields=["phone_verified"])

    def get_user_by_phone(self, phone):
        phone = _normalized(phone)
        if not phone:
            return None
        return get_user_model()._default_manager.filter(phone=phone, is_active=True).first()

    def send_verification_code_sms(self, user, phone, code, **kwargs):
        """The code goes out by SMS at once (quiet hours do not apply) and never to the in-app centre."""
        from .models import Channel, Trigger
        from .notifications import notify

        minutes = max(1, settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60)
        notify(
            user, Trigger.SIGN_IN_CODE, key=f"sign-in-code:{secrets.token_hex(8)}",
            subject=_("Your sign-in code"),
            body=_("Your sign-in code for Cloud Consultation is %(code)s. It is valid for %(minutes)d minutes. "
                   "Do not tell anyone.") % {"code": code, "minutes": minutes},
            urgent=True, channels=[Channel.SMS], in_app=False, params={"sign_in_code": code},
        )

    def get_login_redirect_url(self, request):
        """Officials land on their workspace and staff on their consultations; an explicit `next`
        (where the person came from) wins, which allauth applies before asking here."""
        by_role = settings.LOGIN_REDIRECT_BY_ROLE
        user = request.user
        role = "staff" if user.is_committee_staff else user.role
        if role in by_role:
            return resolve_url(by_role[role])
        return super().get_login_redirect_url(request)
