from django.contrib import admin

from .models import Department


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "contact")
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("officials",)
