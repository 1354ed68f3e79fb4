"""Admin for operations: reminder deliveries (is the SMS gateway failing?), read-only."""

from __future__ import annotations

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from reminders.models import ReminderDelivery


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
