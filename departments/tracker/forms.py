from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Consultation

from ..models import ClaimState, Department, Disposition
from .selectors import TrackerFilters

STATE_CHOICES = [("", _("Any state")), ("unclaimed", _("Awaiting a claim")),
                 (ClaimState.CLAIMED, ClaimState.CLAIMED.label), (ClaimState.REOPENED, ClaimState.REOPENED.label),
                 (ClaimState.REPLIED, ClaimState.REPLIED.label), (ClaimState.COMPLETED, ClaimState.COMPLETED.label)]


class TrackerFilterForm(forms.Form):
    """The tracker's filters, shared by the page and its XLSX export (a plain GET form)."""

    consultation = forms.ModelChoiceField(Consultation.objects.order_by("-created_at"), to_field_name="slug",
                                          required=False, label=_("Consultation"), empty_label=_("All consultations"))
    department = forms.ModelChoiceField(Department.objects.all(), to_field_name="slug", required=False,
                                        label=_("Department"), empty_label=_("All departments"))
    state = forms.ChoiceField(choices=STATE_CHOICES, required=False, label=_("State"))
    disposition = forms.ChoiceField(choices=[("", _("Any disposition")), *Disposition.choices], required=False,
                                    label=_("Disposition"))
    overdue = forms.BooleanField(required=False, label=_("Overdue only"))
    since = forms.DateField(required=False, label=_("Spoken from"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label=_("Spoken until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, consultations=None, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels stand above their fields, no colon
        super().__init__(*args, **kwargs)
        if consultations is not None:
            self.fields["consultation"].queryset = consultations

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned

    def filters(self) -> TrackerFilters:
        """The filters a valid form asks for; none for an invalid one (its errors are shown)."""
        if not self.is_valid():
            return TrackerFilters()
        data = self.cleaned_data
        return TrackerFilters(consultation=data["consultation"], department=data["department"], state=data["state"],
                              disposition=data["disposition"], overdue=data["overdue"], since=data["since"],
                              until=data["until"])
