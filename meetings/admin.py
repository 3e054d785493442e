"""The committee's administration: consultations with their stages and sub-topics on one page.

Publishing, closing and archiving go through meetings.services (the same rules as everywhere);
speeches and comments are read here, and moderated on the site's moderation queue.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from accounts.text import CleanInputMixin

from . import services
from .models import Comment, Consultation, ModerationAction, Post, Report, Stage, SubTopic


class CleanModelForm(CleanInputMixin, forms.ModelForm):
    """Staff's text too is cleaned of control, bidi and zero-width characters (accounts.text)."""


class StageInline(admin.StackedInline):
    """Stacked, a few fields a line: a tabular row of eight fields is 1,600 px wide, unusable on a phone."""

    model = Stage
    form = CleanModelForm
    extra = 0
    min_num = 0
    fields = (("order", "name"), ("starts_at", "ends_at"), ("allows_speeches", "allows_comments", "allows_responses"),
              "description")
    ordering = ("order", "starts_at")


class SubTopicInline(admin.StackedInline):
    model = SubTopic
    form = CleanModelForm
    extra = 0
    fields = (("order", "title"), "brief")


def _apply(modeladmin, request, queryset, service, done_message):
    done = 0
    for consultation in queryset:
        try:
            service(request.user, consultation)
        except (PermissionDenied, ValidationError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            modeladmin.message_user(request, f"{consultation}: {text}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.action(description=_("Publish the selected consultations"))
def publish(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, services.publish_consultation, _("Published: %(count)d."))


@admin.action(description=_("Close the selected consultations"))
def close(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, services.close_consultation, _("Closed: %(count)d."))


@admin.action(description=_("Archive the selected consultations"))
def archive(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, services.archive_consultation, _("Archived: %(count)d."))


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    form = CleanModelForm
    list_display = ("title", "status", "visibility", "public_participation", "published_at", "onlooker_count")
    list_filter = ("status", "visibility", "public_participation")
    search_fields = ("title", "theme", "organizer")
    autocomplete_fields = ("participants", "departments")
    readonly_fields = ("status", "published_at", "closed_at", "onlooker_count", "created_by")
    inlines = [StageInline, SubTopicInline]
    actions = [publish, close, archive]
    fieldsets = (
        (None, {"fields": ("title", "slug", "organizer", "theme", "guide", "cover")}),
        (_("Who takes part"), {"fields": ("visibility", "public_participation", "participants", "departments",
                                          "response_days")}),
        (_("State"), {"fields": ("status", "published_at", "closed_at", "onlooker_count", "created_by")}),
    )

    def save_model(self, request, obj, form, change):
        if not change and not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        own = [
            path("<int:pk>/publish/", self.admin_site.admin_view(self.state_view(services.publish_consultation,
                                                                                 _("The consultation is published."))),
                 name="meetings_consultation_publish"),
            path("<int:pk>/close/", self.admin_site.admin_view(self.state_view(services.close_consultation,
                                                                               _("The consultation is closed."))),
                 name="meetings_consultation_close"),
            path("<int:pk>/archive/", self.admin_site.admin_view(self.state_view(services.archive_consultation,
                                                                                 _("The consultation is archived."))),
                 name="meetings_consultation_archive"),
        ]
        return own + super().get_urls()

    def state_view(self, service, success_message):
        """A button on the change page that moves the consultation on, through the service."""

        @require_POST
        def view(request, pk):
            consultation = get_object_or_404(Consultation, pk=pk)
            if not self.has_change_permission(request, consultation):
                raise PermissionDenied
            try:
                service(request.user, consultation)
            except (PermissionDenied, ValidationError) as error:
                text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.message_user(request, text, messages.ERROR)
            else:
                self.message_user(request, success_message, messages.SUCCESS)
            return redirect(reverse("admin:meetings_consultation_change", args=[pk]))

        return view


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Speeches are the members' words: staff read them (and every version) but do not edit them."""

    list_display = ("title", "consultation", "author", "created_at", "edited_at", "is_hidden", "like_count",
                    "comment_count", "view_count", "response_state")
    list_filter = ("consultation", "is_hidden", "response_state")
    search_fields = ("title", "body", "author__real_name", "author__username")
    list_select_related = ("consultation", "author")
    date_hierarchy = "created_at"


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("__str__", "post", "author", "author_role", "created_at", "is_approved", "is_hidden",
                    "like_count")
    list_filter = ("post__consultation", "is_approved", "is_hidden", "author_role")
    search_fields = ("body", "author__real_name", "author__username")
    list_select_related = ("post", "author")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "post", "comment", "reporter", "created_at", "resolved_at", "resolved_by")
    list_filter = (("resolved_at", admin.EmptyFieldListFilter),)
    list_select_related = ("post", "comment", "reporter", "resolved_by")


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ("kind", "post", "comment", "reason", "moderator", "created_at")
    list_filter = ("kind",)
    list_select_related = ("post", "comment", "moderator")
