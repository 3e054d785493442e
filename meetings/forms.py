from django import forms
from django.utils.translation import gettext_lazy as _

from .attachments.forms import AttachmentsField
from .services import BODY_MAX, COMMENT_MAX, REASON_MAX, TITLE_MAX


class PostForm(forms.Form):
    subtopic = forms.ModelChoiceField(label=_("Sub-topic"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Speech"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 14}),
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


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    files = AttachmentsField()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX, required=False)
