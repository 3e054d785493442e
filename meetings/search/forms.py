from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.text import clean_input
from departments.models import Department, Disposition
from meetings.models import Consultation, DocumentKind
from meetings.search_index import query_terms

from .selectors import PAGES_MAX

QUERY_MAX = 100


NOT_OFFERED = _("Select a valid choice. That choice is not one of the available choices.")


class QuickSelect(forms.Select):
    """A plain <select> written in Python: the form templates render each option through a template of
    its own (0.1 ms an option), and the filters list every consultation and sub-topic on each search."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (option, " selected" if str(option) in chosen else "", label) for option, label in self.choices))
        return format_html("<select name=\"{}\"{}>{}</select>", name, flatatt(self.build_attrs(self.attrs, attrs)),
                           options)


def _choice(label, empty_label, choices=()) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", empty_label), *choices], widget=QuickSelect,
                             error_messages={"invalid_choice": NOT_OFFERED})


class SearchForm(forms.Form):
    """The query and the filters. Consultations, sub-topics and departments are offered as plain lists of
    (key, label), one query each; the cleaned filters carry their ids."""

    q = forms.CharField(label=_("Search"), max_length=QUERY_MAX, required=False, strip=True)
    kind = _choice(_("Kind"), _("Everything"), DocumentKind.choices)
    consultation = _choice(_("Consultation"), _("All consultations"))
    subtopic = _choice(_("Sub-topic"), _("All sub-topics"))
    role = _choice(_("Written by"), _("Anyone"), Role.choices)
    department = _choice(_("Department"), _("All departments"))
    disposition = _choice(_("Disposition"), _("Any disposition"), Disposition.choices)
    page = forms.IntegerField(required=False, min_value=1, max_value=PAGES_MAX, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # `from` and `to` are Python keywords, so they cannot be declared as attributes.
        self.fields["from"] = forms.DateField(label=_("From"), required=False,
                                              widget=forms.DateInput(attrs={"type": "date"}))
        self.fields["to"] = forms.DateField(label=_("To"), required=False,
                                            widget=forms.DateInput(attrs={"type": "date"}))
        visible = Consultation.objects.visible_to(user).values("pk")
        consultations, subtopics = {}, []
        for slug, pk, title, subtopic, subtopic_title in Consultation.objects.filter(pk__in=visible).order_by(
                "-published_at", "pk", "subtopics__order", "subtopics__pk").values_list(
                "slug", "pk", "title", "subtopics__pk", "subtopics__title"):  # one query for both lists
            consultations[slug] = (pk, title)
            if subtopic is not None:
                subtopics.append((subtopic, pk, f"{title} · {subtopic_title}"))
        departments = list(Department.objects.values_list("slug", "pk", "name"))
        self.consultation_ids = {slug: pk for slug, (pk, _title) in consultations.items()}
        self.subtopic_consultations = {str(subtopic): pk for subtopic, pk, _label in subtopics}
        self.department_ids = {slug: pk for slug, pk, _name in departments}
        self._offer("consultation", [(slug, title) for slug, (_pk, title) in consultations.items()])
        self._offer("subtopic", [(subtopic, label) for subtopic, _pk, label in subtopics])
        self._offer("department", [(slug, name) for slug, _pk, name in departments])
        self.fields["q"].widget.attrs.update({"type": "search", "maxlength": QUERY_MAX, "enterkeyhint": "search"})

    def _offer(self, name: str, choices: list) -> None:
        field = self.fields[name]
        field.choices = [*field.choices, *choices]

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
        if subtopic and consultation and self.subtopic_consultations[subtopic] != self.consultation_ids[consultation]:
            self.add_error("subtopic", _("This sub-topic belongs to another consultation."))
        return data

    @property
    def filters(self) -> dict:
        """The cleaned filters as the selector takes them (consultation, sub-topic and department as ids)."""
        data = self.cleaned_data
        subtopic = data.get("subtopic")
        return {
            "kind": data.get("kind") or "", "consultation": self.consultation_ids.get(data.get("consultation")),
            "subtopic": int(subtopic) if subtopic else None, "role": data.get("role") or "",
            "department": self.department_ids.get(data.get("department")),
            "disposition": data.get("disposition") or "", "date_from": data.get("from"), "date_to": data.get("to"),
        }
