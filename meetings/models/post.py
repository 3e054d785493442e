from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.permissions import is_committee_staff

COUNTERS = ["like_count", "comment_count", "view_count", "last_activity_at", "body_html", "response_state",
            "hidden_reason"]


class Visible(models.QuerySet):
    def visible_to(self, user):
        """Hidden content (and comments still awaiting approval) is for staff, and for its own author."""
        if is_committee_staff(user):
            return self
        shown = models.Q(is_hidden=False)
        if hasattr(self.model, "is_approved"):
            shown &= models.Q(is_approved=True)
        if user.is_authenticated:
            shown |= models.Q(author=user, is_hidden=False)
        return self.filter(shown)


class ResponseState(models.TextChoices):
    """Where a speech stands with the departments; kept up to date by the departments' services."""

    AWAITING = "awaiting", _("Awaiting a department")
    CLAIMED = "claimed", _("Claimed")
    ANSWERED = "answered", _("Answered")


class Post(models.Model):
    """A member's speech (发言): a long, structured post under a sub-topic."""

    consultation = models.ForeignKey("meetings.Consultation", on_delete=models.CASCADE, related_name="posts")
    subtopic = models.ForeignKey(
        "meetings.SubTopic", on_delete=models.PROTECT, related_name="posts", verbose_name=_("sub-topic")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), help_text=_("Markdown"))
    body_html = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    like_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True, editable=False)
    response_state = models.CharField(
        _("department response"), max_length=16, choices=ResponseState.choices, default=ResponseState.AWAITING,
        db_index=True,
    )

    history = HistoricalRecords(excluded_fields=COUNTERS)
    objects = Visible.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")
        indexes = [
            models.Index(fields=["consultation", "-created_at", "-id"], name="post_feed_newest"),
            models.Index(fields=["consultation", "-like_count", "-id"], name="post_feed_liked"),
            models.Index(fields=["consultation", "-comment_count", "-id"], name="post_feed_discussed"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:post", args=[self.consultation.slug, self.pk])


class Comment(models.Model):
    """A comment on a speech, or a reply to another comment (threaded)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    like_count = models.PositiveIntegerField(default=0)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True, editable=False)
    is_approved = models.BooleanField(_("approved"), default=True)
    author_role = models.CharField(max_length=16, editable=False, default="", help_text="role when written")

    history = HistoricalRecords(excluded_fields=["like_count", "body_html", "hidden_reason"])
    objects = Visible.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["post", "created_at"], name="comment_thread"),
            models.Index(fields=["created_at"], condition=models.Q(is_approved=False, is_hidden=False),
                         name="comment_awaiting_approval"),
        ]

    def __str__(self):
        return self.body[:40]

    @property
    def is_leaders(self) -> bool:
        return self.author_role == "leader"


class PostLike(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_like_per_post_and_person")]

    def __str__(self):
        return f"{self.user_id} ♥ {self.post_id}"


class CommentLike(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_like_per_comment_and_person")
        ]

    def __str__(self):
        return f"{self.user_id} ♥ {self.comment_id}"
