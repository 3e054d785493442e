from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..names import normalize_name
from ..phones import normalize_phone, validate_phone


class Role(models.TextChoices):
    STAFF = "staff", _("Committee staff")
    MEMBER = "member", _("Member")
    LEADER = "leader", _("Leader")
    OFFICIAL = "official", _("Department official")
    PUBLIC = "public", _("Public")


class User(AbstractUser):
    """A person. `role` says how they take part; committee staff also get `is_staff` for the admin."""

    real_name = models.CharField(_("real name"), max_length=60, blank=True)
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    phone = models.CharField(  # noqa: DJ001 - NULL for "no number", as before the unique rule became conditional
        _("phone number"), max_length=20, null=True, blank=True, db_index=True, validators=[validate_phone]
    )
    # A number counts (signs in, is unique) only once confirmed by the person or entered by staff, so an
    # unconfirmed number typed at sign-up can neither squat a member's number nor sign anyone in.
    phone_verified = models.BooleanField(
        _("phone number verified"), default=False,
        help_text=_("Set when the person signed in with a code sent to this number"),
    )
    email = models.EmailField(_("email address"), blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PUBLIC, db_index=True)
    title = models.CharField(pgettext_lazy("a person's position", "title"), max_length=120, blank=True,
                             help_text=_("e.g. sector or position"))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=models.Q(phone_verified=True), name="accounts_user_verified_phone_unique",
                violation_error_message=_("This phone number is already registered."),
            ),
        ]

    def __str__(self):
        return self.shown_name

    @property
    def shown_name(self) -> str:
        return self.display_name or self.real_name or self.username

    def clean(self):
        super().clean()
        self.real_name = normalize_name(self.real_name)
        self.display_name = normalize_name(self.display_name)
        self.title = normalize_name(self.title)
        if self.phone:
            self.phone = normalize_phone(self.phone)
        else:
            self.phone = None

    def save(self, *args, **kwargs):
        if not self.phone:
            self.phone = None  # NULLs never collide on the unique constraint; empty strings would
            self.phone_verified = False
        super().save(*args, **kwargs)

    @property
    def is_committee_staff(self) -> bool:
        return self.role == Role.STAFF or self.is_superuser

    @property
    def is_member(self) -> bool:
        return self.role == Role.MEMBER

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_official(self) -> bool:
        return self.role == Role.OFFICIAL
