"""Admin for program staff: that check-ins exist, never what they say.

Reports of use are not in the admin at all: that one exists is itself the disclosure.
"""

from django.contrib import admin

from accounts.admin import ReadOnlyAdmin

from .models import Alert, CheckIn


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ("member", "local_date", "created_at", "updated_at")
    search_fields = ("member__email",)
    date_hierarchy = "local_date"
    fields = ("member", "local_date", "created_at", "updated_at")


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    """That an alert exists and where it stands; its signals are for the care team."""

    list_display = ("member", "stage", "status", "opened_at", "acknowledged_at", "resolved_at")
    list_filter = ("stage", "status")
    fields = ("member", "stage", "status", "opened_at", "acknowledged_at", "resolved_at")
