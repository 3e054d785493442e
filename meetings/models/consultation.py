from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_committee_staff


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INVITED = "invited", _("Invited only")


class ParticipationMode(models.TextChoices):
    """What signed-in members of the public may do in a public consultation."""

    READ_ONLY = "read_only", _("Read only")
    MODERATED = "moderated", _("Comments after moderation")
    OPEN = "open", _("Comments")


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Consultations a person may see: published ones that are public or that they take part in."""
        if is_committee_staff(user):
            return self
        shown = self.exclude(status=Status.DRAFT)
        if not user.is_authenticated:
            return shown.filter(visibility=Visibility.PUBLIC)
        return shown.filter(
            Q(visibility=Visibility.PUBLIC) | Q(participants=user) | Q(departments__officials=user)
        ).distinct()


class Consultation(models.Model):
    """An asynchronous online consultation meeting (网络议政 / 远程协商)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True,
                            help_text=_("The web address. Leave empty to make it from the title (in pinyin)."))
    theme = models.TextField(_("theme statement"))
    guide = models.TextField(_("background and guide"), blank=True, help_text=_("Markdown"))
    cover = models.ImageField(_("cover picture"), upload_to="covers/", blank=True)
    organizer = models.CharField(_("organizing committee"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    public_participation = models.CharField(
        _("public participation"),
        max_length=16,
        choices=ParticipationMode.choices,
        default=ParticipationMode.READ_ONLY,
    )
    response_days = models.PositiveSmallIntegerField(
        _("response deadline (working days)"),
        default=5,
        help_text=_("Working days a department has from its claim to its first reply."),
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited members and leaders"),
        related_name="consultations",
        blank=True,
        limit_choices_to={"role__in": ["member", "leader"]},
    )
    departments = models.ManyToManyField(
        "departments.Department", verbose_name=_("departments"), related_name="consultations", blank=True
    )
    onlooker_count = models.PositiveIntegerField(_("onlookers"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            from ..slugs import unique_slug

            self.slug = unique_slug(Consultation, self.title, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:consultation", args=[self.slug])

    @property
    def notification_topic(self) -> str:
        """What every notification about this consultation is filed under (invitations, replies, minutes)."""
        return self.topic_of(self.pk)

    @staticmethod
    def topic_of(consultation_id: int) -> str:
        return f"consultation:{consultation_id}"

    @property
    def is_open(self) -> bool:
        return self.status == Status.PUBLISHED

    def current_stage(self, now=None):
        now = now or timezone.now()
        for stage in self.stages.all():
            if stage.starts_at <= now < stage.ends_at:
                return stage
        return None

    def current_stages(self, now=None) -> list:
        """Stages open right now (windows may overlap, e.g. speeches and department responses)."""
        now = now or timezone.now()
        return [stage for stage in self.stages.all() if stage.is_current(now)]

    def stage_allows(self, what: str, now=None) -> bool:
        """Whether a stage open right now allows `what`: "speeches", "comments" or "responses"."""
        return any(getattr(stage, f"allows_{what}") for stage in self.current_stages(now))

    def is_participant(self, user) -> bool:
        """Invited as a member or leader, or an official of an invited department."""
        if not user.is_authenticated:
            return False
        return (
            self.participants.filter(pk=user.pk).exists()
            or self.departments.filter(officials=user).exists()
        )


class Stage(models.Model):
    """A discussion stage with its window and what it allows (研究准备, 发言, 部门回应, 总结)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"))
    allows_speeches = models.BooleanField(_("allows speeches"), default=False)
    allows_comments = models.BooleanField(_("allows comments"), default=True)
    allows_responses = models.BooleanField(_("allows department responses"), default=False)
    opening_announced_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["consultation", "order", "starts_at"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="stage_ends_after_it_starts"
            )
        ]

    def __str__(self):
        return self.name

    def is_current(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at


class SubTopic(models.Model):
    """A guide sub-topic (议题) that speeches are filed under."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="subtopics")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    brief = models.TextField(_("brief"), blank=True)

    class Meta:
        ordering = ["consultation", "order", "pk"]
        verbose_name = _("sub-topic")
        verbose_name_plural = _("sub-topics")

    def __str__(self):
        return self.title
