from django.db import models
from django.utils.translation import gettext_lazy as _


class ResponseAttachment(models.Model):
    """A file on a department's reply or follow-up (答复附件).

    The file itself is a meetings.Attachment (owner "response", its `post` the answered speech), so
    it is checked, stored and served by the same code as speeches' files and seen by exactly those
    who see the speech; this link keeps the departments workflow out of meetings' models.
    """

    attachment = models.OneToOneField("meetings.Attachment", on_delete=models.CASCADE, related_name="response_link")
    reply = models.ForeignKey("departments.Reply", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="attachment_links")
    follow_up = models.ForeignKey("departments.FollowUp", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="attachment_links")

    class Meta:
        verbose_name = _("response attachment")
        verbose_name_plural = _("response attachments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reply__isnull=False, follow_up__isnull=True)
                | models.Q(reply__isnull=True, follow_up__isnull=False),
                name="response_attachment_has_one_owner",
            ),
        ]

    def __str__(self):
        return str(self.attachment_id)
