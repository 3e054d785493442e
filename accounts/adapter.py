"""allauth's account adapter, with the failed-sign-in limit counted per person, not per spelling."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q

from .phones import normalize_phone


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
