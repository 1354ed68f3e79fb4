"""Admin for program staff: that check-ins and reminders exist, never what check-ins say.

Reports of use and alerts are not in the admin at all: that one exists is itself the
disclosure. Reminder deliveries are here for operations (is the SMS gateway failing?).
"""

from django.contrib import admin

from accounts.admin import ReadOnlyAdmin

from .models import CheckIn, ReminderDelivery


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ("member", "local_date", "created_at", "updated_at")
    search_fields = ("member__email",)
    date_hierarchy = "local_date"
    fields = ("member", "local_date", "created_at", "updated_at")


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("member", "local_date", "channel", "due_at", "status", "attempts", "error")
    list_select_related = ("member",)
    list_filter = ("status", "channel")
    search_fields = ("member__email",)
    date_hierarchy = "due_at"
    fields = (
        "member",
        "local_date",
        "channel",
        "due_at",
        "status",
        "attempts",
        "provider_id",
        "error",
        "sent_at",
    )
