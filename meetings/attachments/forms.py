"""The file field of the speech, comment and response forms: several files at once, each checked."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .validation import file_limit, prepare
from .voice import clock

ACCEPT = "image/*,audio/*,.heic,.heif,.pdf,.docx,.xlsx,.pptx,.m4a,.mp3,.amr,.webm"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Cleans to a list of validation.Prepared; every bad file is named in the errors."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("Pictures, documents or voice"))
        kwargs.setdefault("help_text", limits_help())
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        prepared, errors = [], []
        for upload in uploads:
            try:
                prepared.append(prepare(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return prepared


def _limits_help() -> str:
    return _("Up to %(count)d files, %(size)s each; voice up to %(length)s. "
             "Several pictures can be chosen at once.") % {
        "count": settings.ATTACHMENT_MAX_FILES, "size": filesizeformat(file_limit()),
        "length": clock(settings.ATTACHMENT_VOICE_MAX_SECONDS)}


limits_help = lazy(_limits_help, str)
