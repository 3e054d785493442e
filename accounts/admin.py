from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ReservedNameWord, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "real_name", "role", "phone", "phone_verified", "email", "is_active")
    list_filter = ("role", "is_staff", "is_active", "phone_verified")
    search_fields = ("username", "real_name", "display_name", "phone", "email")
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Taking part"), {"fields": ("role", "real_name", "display_name", "title", "phone", "phone_verified")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Taking part"), {"fields": ("role", "real_name", "phone", "email")}),
    )

    def save_model(self, request, obj, form, change):
        if "phone" in form.changed_data and obj.phone:
            obj.phone_verified = True  # a number staff enter is one they vouch for
        super().save_model(request, obj, form, change)


@admin.register(ReservedNameWord)
class ReservedNameWordAdmin(admin.ModelAdmin):
    list_display = ("word",)
    search_fields = ("word",)


# --- Notifications (issue 5) ------------------------------------------------------------------------
from .models import AccessLink, Notification, NotificationSettings  # noqa: E402
from .notifications.transports.base import mask_code, masked_body  # noqa: E402


class NotificationSettingsInline(admin.StackedInline):
    model = NotificationSettings
    can_delete = False
    fields = ("wecom_userid", "wechat_openid", "channel_order")


UserAdmin.inlines = [*UserAdmin.inlines, NotificationSettingsInline]


class MadeByServicesAdmin(admin.ModelAdmin):
    """Rows the services write (every field read-only here): staff look, they do not add by hand, so an
    empty add form cannot reach the database."""

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(MadeByServicesAdmin):
    list_display = ("created_at", "recipient", "channel", "trigger", "status", "failure", "attempts", "address")
    list_filter = ("status", "channel", "trigger", "failure")
    search_fields = ("key", "topic", "recipient__real_name", "recipient__phone", "address")
    raw_id_fields = ("recipient",)
    exclude = ("body", "params")
    readonly_fields = [f.name if f.name not in ("body", "params") else f"shown_{f.name}"
                       for f in Notification._meta.fields]

    @admin.display(description=_("text"))
    def shown_body(self, row):
        return masked_body(row)  # sign-in codes stay on the person's phone

    @admin.display(description=_("template parameters"))
    def shown_params(self, row):
        params = dict(row.params or {})
        if "sign_in_code" in params:
            params["sign_in_code"] = mask_code(str(params["sign_in_code"]))
        return params


@admin.register(AccessLink)
class AccessLinkAdmin(MadeByServicesAdmin):
    list_display = ("user", "purpose", "created_at", "expires_at", "used_at")
    readonly_fields = ("user", "token_hash", "next_url", "purpose", "created_at", "expires_at", "used_at")
