"""The meetings' forms: every text field an `accounts.text.TextField` (cleaned, trimmed, limited, with
the services' messages), every form a `CleanInputMixin` form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.text import CleanInputMixin, TextField

from .attachments.forms import AttachmentsField
from .services import BODY_MAX, COMMENT_MAX, REASON_MAX, TITLE_MAX


class PostForm(CleanInputMixin, forms.Form):
    subtopic = forms.ModelChoiceField(label=_("Sub-topic"), queryset=None, empty_label=None)
    title = TextField(label=_("Title"), limit=TITLE_MAX, required_message=_("Give your speech a title."))
    body = TextField(
        label=_("Speech"), limit=BODY_MAX, required_message=_("Write your speech."),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: **bold**, lists starting with “- ”, headings starting with “## ”."),
    )
    files = AttachmentsField()
    remove_files = forms.MultipleChoiceField(label=_("Remove attachments"), required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, consultation, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subtopic"].queryset = consultation.subtopics.all()
        if attachments:
            self.fields["remove_files"].choices = [(str(a.pk), a.name) for a in attachments]
        else:
            del self.fields["remove_files"]


class CommentForm(CleanInputMixin, forms.Form):
    body = TextField(label=_("Comment"), limit=COMMENT_MAX, required_message=_("Write your comment."),
                     widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    files = AttachmentsField()


class ReasonForm(CleanInputMixin, forms.Form):
    reason = TextField(label=_("Reason"), limit=REASON_MAX, required=False)
