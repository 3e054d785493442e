import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..attachments.storage import ALIAS, get_attachment_storage

NAME_MAX = 120


class AttachmentKind(models.TextChoices):
    PICTURE = "picture", _("Picture")
    DOCUMENT = "document", _("Document")
    VOICE = "voice", _("Voice")


class AttachmentOwner(models.TextChoices):
    """What the file hangs under; every attachment also names its speech, for one visibility rule."""

    SPEECH = "speech", _("Speech")
    COMMENT = "comment", _("Comment")
    RESPONSE = "response", _("Department response")  # linked by departments.ResponseAttachment


class AttachmentState(models.TextChoices):
    READY = "ready", _("Ready")
    PROCESSING = "processing", _("Processing")
    FAILED = "failed", _("Could not be processed")


def stored_name(instance, filename: str) -> str:
    """Random names in dated folders: the person's file name never reaches the storage."""
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return timezone.now().strftime(f"%Y/%m/{uuid.uuid4().hex}.{suffix}")


class AttachmentFileField(models.FileField):
    """A file in the private attachments storage (the archive reads `storage_alias`)."""

    storage_alias = ALIAS

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("storage", get_attachment_storage)
        kwargs.setdefault("upload_to", stored_name)
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)


class Attachment(models.Model):
    """A picture, document or voice recording (附件) attached to a speech, a comment or a response.

    `post` is always the speech it belongs under, so a file is visible exactly when its speech
    (and, for a comment's file, its comment) is: one rule in meetings.permissions for every download.
    Department replies and follow-ups link their files from the departments app
    (departments.ResponseAttachment), which keeps meetings free of the departments workflow.
    """

    consultation = models.ForeignKey("meetings.Consultation", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("meetings.Post", on_delete=models.CASCADE, related_name="attachments")
    comment = models.ForeignKey("meetings.Comment", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="attachments")
    owner = models.CharField(_("attached to"), max_length=16, choices=AttachmentOwner.choices,
                             default=AttachmentOwner.SPEECH)
    uploader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=AttachmentKind.choices)
    name = models.CharField(_("file name"), max_length=NAME_MAX, help_text=_("as the person named it"))
    content_type = models.CharField(max_length=100)
    file = AttachmentFileField(_("file"))  # the re-encoded picture, the document, the original recording
    thumbnail = AttachmentFileField(_("thumbnail"), blank=True)
    playable = AttachmentFileField(_("playable voice"), blank=True, help_text=_("AAC in MP4, for every phone"))
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration = models.FloatField(_("duration in seconds"), null=True, blank=True)
    state = models.CharField(max_length=16, choices=AttachmentState.choices, default=AttachmentState.READY)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner="comment", comment__isnull=False)
                | (~models.Q(owner="comment") & models.Q(comment__isnull=True)),
                name="attachment_comment_iff_owned_by_comment",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:attachment", args=[self.pk])

    @property
    def is_picture(self) -> bool:
        return self.kind == AttachmentKind.PICTURE

    @property
    def is_voice(self) -> bool:
        return self.kind == AttachmentKind.VOICE

    def thumbnail_url(self) -> str:
        return reverse("meetings:attachment_variant", args=[self.pk, "thumbnail"])

    def playable_url(self) -> str:
        return reverse("meetings:attachment_variant", args=[self.pk, "playable"])

    @property
    def duration_label(self) -> str:
        if self.duration is None:
            return ""
        seconds = round(self.duration)
        return f"{seconds // 60}:{seconds % 60:02d}"
