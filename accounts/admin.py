from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "real_name", "role", "phone", "email", "is_active")
    list_filter = ("role", "is_staff", "is_active")
    search_fields = ("username", "real_name", "display_name", "phone", "email")
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Taking part"), {"fields": ("role", "real_name", "display_name", "title", "phone")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Taking part"), {"fields": ("role", "real_name", "phone", "email")}),
    )
