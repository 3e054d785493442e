from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.models import Channel, Role
from accounts.text import CleanInputMixin
from departments.models.department import Department

from .selectors import INVITABLE_CHANNELS


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.shown_name}{f' · {person.title}' if person.title else ''}"


class InvitationForm(CleanInputMixin, forms.Form):
    all_members = forms.BooleanField(label=_("All members"), required=False)
    members = PeopleField(label=_("Members"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    all_leaders = forms.BooleanField(label=_("All leaders"), required=False)
    leaders = PeopleField(label=_("Leaders"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments (their officials)"), queryset=Department.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=[(c.value, c.label) for c in map(Channel, INVITABLE_CHANNELS)],
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to invite each person on every channel they have. "
                    "Everyone also finds the invitation in their notification centre."),
    )
    note = forms.CharField(label=_("Note added to the message"), max_length=300, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    urgent = forms.BooleanField(label=_("Urgent: send SMS and WeChat even at night"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True).order_by("real_name", "pk")
        self.fields["members"].queryset = people.filter(role=Role.MEMBER)
        self.fields["leaders"].queryset = people.filter(role=Role.LEADER)

    def clean(self):
        data = super().clean()
        people = list(data.get("members") or []) + list(data.get("leaders") or [])
        if data.get("all_members"):
            people += list(self.fields["members"].queryset)
        if data.get("all_leaders"):
            people += list(self.fields["leaders"].queryset)
        data["people"] = list({p.pk: p for p in people}.values())
        if not data["people"] and not data.get("departments"):
            raise forms.ValidationError(_("Choose at least one person or department to invite."))
        return data


class NoteForm(CleanInputMixin, forms.Form):
    note = forms.CharField(label=_("Note added to the reminder"), max_length=300, required=False)
