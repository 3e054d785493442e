from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .names import normalize_name, validate_self_chosen_name
from .phones import normalize_phone
from .text import CleanInputMixin


class PhoneField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return normalize_phone(value) if value else ""


class NameField(forms.CharField):
    """A name a person chooses for themselves: normalized, and no office in it (staff set those)."""

    def to_python(self, value):
        return normalize_name(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        validate_self_chosen_name(value)


def verified_phone_taken(phone: str, user=None) -> bool:
    """Numbers are unique among verified ones: an unconfirmed number typed by someone else blocks nobody."""
    holders = get_user_model().objects.filter(phone=phone, phone_verified=True)
    return holders.exclude(pk=user.pk).exists() if user else holders.exists()


class SignupExtraForm(CleanInputMixin, forms.Form):
    """What allauth's signup adds to username/email/password: name and an optional phone number
    (unverified until confirmed: it neither signs in nor reserves the number)."""

    real_name = NameField(label=_("Real name"), max_length=60, required=False)
    phone = PhoneField(label=_("Phone number"), max_length=20, required=False)

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and verified_phone_taken(phone):
            raise forms.ValidationError(_("This phone number is already registered."))
        return phone

    def signup(self, request, user):
        user.real_name = self.cleaned_data["real_name"]
        user.phone = self.cleaned_data["phone"] or None
        user.phone_verified = False
        user.save(update_fields=["real_name", "phone", "phone_verified"])


class ProfileForm(CleanInputMixin, forms.ModelForm):
    """What people edit about themselves. Not their title or role: those come from staff."""

    real_name = NameField(label=_("real name"), max_length=60, required=False)
    display_name = NameField(label=_("display name"), max_length=60, required=False)
    phone = PhoneField(label=_("Phone number"), max_length=20, required=False)

    class Meta:
        model = get_user_model()
        fields = ["real_name", "display_name", "phone", "email"]

    def clean_phone(self):
        phone = self.cleaned_data["phone"] or None
        if phone and verified_phone_taken(phone, self.instance):
            raise forms.ValidationError(_("This phone number is already registered."))
        return phone

    def save(self, commit=True):
        if "phone" in self.changed_data:
            self.instance.phone_verified = False  # a new number is proven by the next code sign-in
        return super().save(commit)


class NotificationPreferencesForm(forms.Form):
    """One row of channel checkboxes per trigger the person can receive, and their fallback order."""

    ORDERS = [
        ("wechat,sms,email", _("WeChat → SMS → Email")),
        ("sms,wechat,email", _("SMS → WeChat → Email")),
        ("wechat,email,sms", _("WeChat → Email → SMS")),
        ("sms,email,wechat", _("SMS → Email → WeChat")),
        ("email,wechat,sms", _("Email → WeChat → SMS")),
        ("email,sms,wechat", _("Email → SMS → WeChat")),
    ]

    def __init__(self, *args, triggers=(), current=None, order=None, **kwargs):
        from .models import Channel, Trigger
        from .models.preferences import EXTERNAL_CHANNELS

        super().__init__(*args, **kwargs)
        current = current or {}
        choices = [(c, Channel(c).label) for c in EXTERNAL_CHANNELS]
        self.trigger_names = list(triggers)
        for trigger in triggers:
            self.fields[f"t_{trigger}"] = forms.MultipleChoiceField(
                label=Trigger(trigger).label, choices=choices, required=False,
                widget=forms.CheckboxSelectMultiple, initial=current.get(trigger, []),
            )
        self.fields["order"] = forms.ChoiceField(
            label=_("When a channel cannot reach me, try next"), choices=self.ORDERS,
            initial=",".join(order) if order else self.ORDERS[0][0],
        )

    def trigger_fields(self):
        return [self[f"t_{trigger}"] for trigger in self.trigger_names]

    def choices_by_trigger(self) -> dict[str, list[str]]:
        return {trigger: self.cleaned_data.get(f"t_{trigger}", []) for trigger in self.trigger_names}
