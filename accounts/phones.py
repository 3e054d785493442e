"""Phone numbers: parsed and validated with `phonenumbers`, stored in E.164 (+8613800138000)."""

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalize_phone(raw: str) -> str:
    """The E.164 form of `raw`, read in the default region (CN) unless it starts with +.

    Raises ValidationError with a message a person understands when it is not a real number.
    """
    text = (raw or "").strip()
    try:
        number = phonenumbers.parse(text, settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(_("Enter a valid phone number, e.g. 138 0013 8000."), code="invalid_phone") from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Enter a valid phone number, e.g. 138 0013 8000."), code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def looks_like_phone(text: str) -> bool:
    try:
        normalize_phone(text)
    except ValidationError:
        return False
    return True


def validate_phone(value: str) -> None:
    """Field validator: any valid number passes; the model stores its E.164 form (User.clean)."""
    if value:
        normalize_phone(value)
