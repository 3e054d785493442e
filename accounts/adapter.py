"""allauth's account adapter: phone numbers live on `User.phone`, sign-in codes go out as SMS through
the notification outbox, each role lands on its own desk after signing in, and the failed-sign-in
limit is counted per person, not per spelling."""

import secrets

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from .phones import normalize_phone


def _normalized(phone: str) -> str:
    try:
        return normalize_phone(phone)
    except ValidationError:
        return ""


def resolve_login(login: str):
    """The account a typed login names (username, email or phone in any spelling), or None."""
    text = (login or "").strip()
    if not text:
        return None
    match = Q(username__iexact=text) | Q(email__iexact=text)
    try:
        match |= Q(phone=normalize_phone(text), phone_verified=True)
    except ValidationError:
        pass
    found = list(get_user_model()._default_manager.filter(match).values_list("pk", flat=True)[:2])
    return found[0] if len(found) == 1 else None


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """allauth keys its per-account limit by what was typed, so `member3`, `+8613800138013` and
        `138-0013-8013` would each get their own five tries; key it by the account they name."""
        typed = credentials.get("email", credentials.get("username", ""))
        person = resolve_login(typed)
        if person is not None:
            return f"user:{person}"
        try:
            return f"phone:{normalize_phone(typed)}"
        except ValidationError:
            return super()._get_login_attempts_cache_key(request, **credentials)

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
        """The verified holder of a number; else its one unverified holder (a code sent there verifies
        it). An unverified number never shadows a member who verified it."""
        phone = _normalized(phone)
        if not phone:
            return None
        holders = list(get_user_model()._default_manager.filter(phone=phone, is_active=True)
                       .order_by("-phone_verified", "pk")[:2])
        if holders and (holders[0].phone_verified or len(holders) == 1):
            return holders[0]
        return None

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
