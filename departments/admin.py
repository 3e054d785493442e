from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.text import CleanInputMixin

from .models import Aspect, AuditEntry, Claim, Department, FollowUp, Press, Rating, Reply


class DepartmentForm(CleanInputMixin, forms.ModelForm):
    """Staff's text too is cleaned of control, bidi and zero-width characters (accounts.text)."""


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    form = DepartmentForm
    list_display = ("name", "short_name", "contact")
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("officials",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """The response workflow changes only through its services (on the site), so the record stays whole."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Aspect)
class AspectAdmin(ReadOnlyAdmin):
    list_display = ("title", "post", "is_whole", "created_at")
    search_fields = ("title", "post__title")


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ("aspect", "department", "role", "state", "claimed_at", "due_on", "first_replied_at")
    list_filter = ("state", "role", "department", "assigned")
    search_fields = ("aspect__title", "aspect__post__title", "department__name")
    date_hierarchy = "claimed_at"
    list_select_related = ("aspect", "department")


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ("claim", "disposition", "round", "author", "created_at")
    list_filter = ("disposition", "claim__department")
    list_select_related = ("claim__aspect", "claim__department", "author")


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ("claim", "completes", "author", "created_at")
    list_select_related = ("claim__aspect", "claim__department", "author")


@admin.register(Press)
class PressAdmin(ReadOnlyAdmin):
    list_display = ("claim", "leader", "created_at", "answered_at")
    list_select_related = ("claim__aspect", "claim__department", "leader")


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("reply", "score", "rater", "created_at")
    list_filter = ("score",)
    list_select_related = ("reply__claim__department", "rater")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "action", "department", "post", "short_detail")
    list_filter = ("action", "department")
    search_fields = ("detail", "post__title", "actor__username", "actor__real_name")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "department", "post")

    @admin.display(description=_("detail"))
    def short_detail(self, obj):
        return obj.detail[:80]
