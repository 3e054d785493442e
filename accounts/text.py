"""Text that people write, cleaned on the way in (spreadsheets make it inert on the way out:
consultation/spreadsheets.py).

The lowest layer, so every app (every form, service and the request middleware) uses the same rule:
`clean_input` strips what no one means to type and what makes text lie about itself: NUL and the other
C0/C1 control characters (tab and newline stay; CR/CRLF become a newline), bidirectional overrides and
isolates (U+202A–U+202E, U+2066–U+2069, U+061C), zero-width and invisible characters (U+200B–U+200F,
U+2060–U+2064, U+206A–U+206F, U+FEFF, U+034F, U+180B–U+180F, Hangul and Khmer fillers). PostgreSQL
refuses NUL in text, so without this a NUL byte in a form is a 500.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_NEWLINES = re.compile(r"\r\n?")
_UNWANTED = re.compile(
    "["
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 except tab (09) and newline (0a); DEL; C1 (0d is a newline by now)
    "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"  # bidi, zero-width, invisible operators
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0"  # joiners and fillers that render as nothing
    "]"
)


def clean_input(value):
    """The text without control, bidi-override or zero-width characters; anything not a str as it is."""
    if not isinstance(value, str):
        return value
    return _UNWANTED.sub("", _NEWLINES.sub("\n", value))


def has_unwanted(value: str) -> bool:
    return bool(_UNWANTED.search(value or ""))


# --- forms ---------------------------------------------------------------------------------------------

SECRET_FIELDS = ("password",)  # never rewritten: a password is compared exactly as typed


def _cleaned_data_dict(data):
    """A copy of a form's data (QueryDict or dict) with every text value cleaned."""
    if hasattr(data, "lists"):
        cleaned = data.copy()
        for key, values in data.lists():
            if not any(secret in key for secret in SECRET_FIELDS):
                cleaned.setlist(key, [clean_input(value) for value in values])
        return cleaned
    return {key: value if any(secret in key for secret in SECRET_FIELDS) else clean_input(value)
            for key, value in data.items()}


class CleanInputMixin:
    """For any form: the submitted text is cleaned (`clean_input`) before fields validate it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = _cleaned_data_dict(self.data)


class TextField(forms.CharField):
    """Text a person writes: cleaned, trimmed, at most `limit` characters, with plain messages."""

    def __init__(self, *, limit: int, required_message=None, **kwargs):
        self.limit = limit
        super().__init__(**kwargs)
        if required_message:
            self.error_messages["required"] = required_message

    def to_python(self, value):
        return super().to_python(clean_input(value))

    def validate(self, value):
        super().validate(value)
        if len(value) > self.limit:
            raise ValidationError(_("Keep it under %(limit)d characters.") % {"limit": self.limit},
                                  code="max_length")

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["maxlength"] = str(self.limit)
        return attrs


# --- every request ---------------------------------------------------------------------------------------


class CleanInputMiddleware:
    """The backstop: query parameters and submitted form fields reach every view already cleaned, so a
    NUL byte typed anywhere (a search box, an admin filter, a form not yet written) is never a 500 on
    PostgreSQL. Passwords are left exactly as typed (their fields refuse NUL themselves)."""

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _needs_cleaning(request.GET):
            request.GET = _cleaned_data_dict(request.GET)
            request.GET._mutable = False
        if request.method == "POST" and request.content_type in self.FORM_TYPES and _needs_cleaning(request.POST):
            request.POST = _cleaned_data_dict(request.POST)
            request.POST._mutable = False
        return self.get_response(request)


def _needs_cleaning(query) -> bool:
    return any(clean_input(value) != value for _key, values in query.lists() for value in values)
