from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .phones import normalize_phone


class LoginForm(AllauthLoginForm):
    """allauth's login form, with a label that says a phone number works too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Phone number, username or email")
        self.fields["login"].widget.attrs.update(
            {"placeholder": _("Phone number, username or email"), "autocomplete": "username"}
        )


class PhoneField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return normalize_phone(value) if value else ""


class SignupExtraForm(forms.Form):
    """What allauth's signup adds to username/email/password: name and an optional phone number."""

    real_name = forms.CharField(label=_("Real name"), max_length=60, required=False)
    phone = PhoneField(label=_("Phone number"), max_length=20, required=False)

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and get_user_model().objects.filter(phone=phone).exists():
            raise forms.ValidationError(_("This phone number is already registered."))
        return phone

    def signup(self, request, user):
        user.real_name = self.cleaned_data["real_name"]
        user.phone = self.cleaned_data["phone"] or None
        user.save(update_fields=["real_name", "phone"])


class ProfileForm(forms.ModelForm):
    phone = PhoneField(label=_("Phone number"), max_length=20, required=False)

    class Meta:
        model = get_user_model()
        fields = ["real_name", "display_name", "phone", "email", "title"]

    def clean_phone(self):
        phone = self.cleaned_data["phone"] or None
        others = get_user_model().objects.exclude(pk=self.instance.pk)
        if phone and others.filter(phone=phone).exists():
            raise forms.ValidationError(_("This phone number is already registered."))
        return phone
