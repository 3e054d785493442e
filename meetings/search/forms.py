from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.text import clean_input
from departments.models import Department, Disposition
from meetings.models import Consultation, DocumentKind, SubTopic
from meetings.search_index import query_terms

from .selectors import PAGES_MAX

QUERY_MAX = 100


class SubTopicChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.consultation.title} · {obj.title}"


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=QUERY_MAX, required=False, strip=True)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Everything")), *DocumentKind.choices])
    consultation = forms.ModelChoiceField(label=_("Consultation"), required=False, queryset=None,
                                          to_field_name="slug", empty_label=_("All consultations"))
    subtopic = SubTopicChoice(label=_("Sub-topic"), required=False, queryset=None, empty_label=_("All sub-topics"))
    role = forms.ChoiceField(label=_("Written by"), required=False, choices=[("", _("Anyone")), *Role.choices])
    department = forms.ModelChoiceField(label=_("Department"), required=False, queryset=Department.objects.all(),
                                        to_field_name="slug", empty_label=_("All departments"))
    disposition = forms.ChoiceField(label=_("Disposition"), required=False,
                                    choices=[("", _("Any disposition")), *Disposition.choices])
    page = forms.IntegerField(required=False, min_value=1, max_value=PAGES_MAX, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # `from` and `to` are Python keywords, so they cannot be declared as attributes.
        self.fields["from"] = forms.DateField(label=_("From"), required=False,
                                              widget=forms.DateInput(attrs={"type": "date"}))
        self.fields["to"] = forms.DateField(label=_("To"), required=False,
                                            widget=forms.DateInput(attrs={"type": "date"}))
        visible = Consultation.objects.visible_to(user)
        self.fields["consultation"].queryset = visible.order_by("-published_at", "pk")
        self.fields["subtopic"].queryset = SubTopic.objects.filter(
            consultation__in=visible.values("pk")).select_related("consultation").only(
            "title", "consultation__title").order_by("consultation", "order", "pk")
        self.fields["q"].widget.attrs.update({"type": "search", "maxlength": QUERY_MAX, "enterkeyhint": "search"})

    def clean_q(self):
        query = " ".join(clean_input(self.cleaned_data["q"]).split())
        if query and not query_terms(query):
            raise forms.ValidationError(_("Type at least one word or number to search for."))
        return query

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end date comes before the start date."))
        subtopic, consultation = data.get("subtopic"), data.get("consultation")
        if subtopic and consultation and subtopic.consultation_id != consultation.pk:
            self.add_error("subtopic", _("This sub-topic belongs to another consultation."))
        return data

    @property
    def filters(self) -> dict:
        """The cleaned filters as the selector takes them."""
        data = self.cleaned_data
        return {
            "kind": data.get("kind") or "", "consultation": data.get("consultation"),
            "subtopic": data.get("subtopic"), "role": data.get("role") or "", "department": data.get("department"),
            "disposition": data.get("disposition") or "", "date_from": data.get("from"), "date_to": data.get("to"),
        }
