"""allauth's sign-in forms as this site shows them. Kept apart from `accounts.forms`, which allauth
imports while it builds its own forms (the signup form class), so importing them there would be circular."""

from allauth.account.forms import ConfirmLoginCodeForm as AllauthConfirmLoginCodeForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    """allauth's login form, with a label that says a phone number works too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Phone number, username or email")
        self.fields["login"].widget.attrs.update(
            {"placeholder": _("Phone number, username or email"), "autocomplete": "username"}
        )


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """Ask for a sign-in code by SMS: the phone number alone (codes are not sent by email here)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("email", None)
        self.fields["phone"].required = True

    def clean_phone(self):
        try:
            return super().clean_phone()
        except forms.ValidationError as error:
            if error.code == "too_many_login_attempts":
                raise forms.ValidationError(_(
                    "Too many codes were asked for this number or from this network. "
                    "Wait ten minutes, then try again."), code="too_many_codes") from error
            raise


class ConfirmLoginCodeForm(AllauthConfirmLoginCodeForm):
    """The code from the SMS: a phone offers its digits keyboard and the code from the message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code from the SMS")
        self.fields["code"].max_length = 12
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code", "placeholder": "", "maxlength": "12"})
