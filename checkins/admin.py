"""Admin for program staff: that check-ins and reports exist, never what they say."""

from django.contrib import admin

from accounts.admin import ReadOnlyAdmin

from .models import CheckIn, UseReport


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ("member", "local_date", "created_at", "updated_at")
    search_fields = ("member__email",)
    date_hierarchy = "local_date"
    fields = ("member", "local_date", "created_at", "updated_at")


@admin.register(UseReport)
class UseReportAdmin(ReadOnlyAdmin):
    list_display = ("member", "local_date", "created_at", "reflected_at")
    search_fields = ("member__email",)
    date_hierarchy = "local_date"
    fields = ("member", "local_date", "created_at", "reflected_at")
