"""One form per response action: the views never read `request.POST` for text themselves.

Each text field is an `accounts.text.TextField`: control, bidi and zero-width characters stripped,
trimmed, at most the limit that `departments.services` also enforces, and refused with the same plain
messages the services (and the meetings forms) use. A refused form changes nothing; the view shows
`form.refusal()` as a message on the page the person came from.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.text import CleanInputMixin, TextField

from .aspects import MAX_PARTS, clean_parts
from .models import ClaimRole, Disposition, Score
from .services import FOLLOW_UP_MAX, NOTE_MAX, REPLY_MAX


class ActionForm(CleanInputMixin, forms.Form):
    def refusal(self) -> str:
        """Every error, as one sentence to show on the page."""
        return " ".join(str(message) for errors in self.errors.values() for message in errors)


def _id_field(message):
    return forms.IntegerField(min_value=1, error_messages={"required": message, "invalid": message,
                                                           "min_value": message})


class ClaimForm(ActionForm):
    department = _id_field(_("Choose a department."))
    aspect = forms.IntegerField(min_value=1, required=False)
    role = forms.ChoiceField(choices=ClaimRole.choices, required=False,
                             error_messages={"invalid_choice": _("Choose lead or co-handling.")})

    def clean_role(self):
        return self.cleaned_data.get("role") or ClaimRole.LEAD


class AssignForm(ClaimForm):
    note = TextField(limit=NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TransferForm(ActionForm):
    department = _id_field(_("Choose a department."))
    note = TextField(limit=NOTE_MAX, required_message=_("Say why the claim is transferred."))


class HandBackForm(ActionForm):
    reason = TextField(limit=NOTE_MAX, required_message=_("Say why you hand the claim back."))


class ReplyForm(ActionForm):
    body = TextField(limit=REPLY_MAX, required_message=_("Write the reply."))
    disposition = forms.ChoiceField(choices=Disposition.choices, error_messages={
        "required": _("Choose a disposition."), "invalid_choice": _("Choose a disposition.")})


class FollowUpForm(ActionForm):
    body = TextField(limit=FOLLOW_UP_MAX, required_message=_("Write the progress note."))
    complete = forms.CharField(required=False)  # the "publish and mark completed" button sends 1

    def clean_complete(self):
        return self.cleaned_data.get("complete") == "1"


class PressForm(ActionForm):
    note = TextField(limit=NOTE_MAX, required_message=_("Write what you press for."))
    reply = forms.IntegerField(min_value=1, required=False)


class RateForm(ActionForm):
    score = forms.ChoiceField(choices=Score.choices, error_messages={
        "required": _("Choose a rating."), "invalid_choice": _("Choose a rating.")})
    comment = TextField(limit=NOTE_MAX, required=False)


class SplitForm(ActionForm):
    """Aspects as parallel lists of titles and excerpts (the form repeats its two fields); the limits and
    messages are departments.aspects' own."""

    def clean(self):
        titles, excerpts = self.data.getlist("title"), self.data.getlist("excerpt")
        if len(titles) > MAX_PARTS or len(excerpts) > MAX_PARTS:
            raise forms.ValidationError(
                _("Split a speech into at most %(count)d aspects at a time.") % {"count": MAX_PARTS})
        excerpts += [""] * (len(titles) - len(excerpts))
        return {"parts": clean_parts(list(zip(titles, excerpts, strict=False)))}
