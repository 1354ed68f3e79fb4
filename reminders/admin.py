"""Admin for operations: reminder slots (is the SMS gateway failing?), read-only.

How each was sent (attempts, errors) is in the outbox's admin (messaging.Delivery).
"""

from __future__ import annotations

from django.contrib import admin

from accounts.admin_audit import AuditedAdmin
from accounts.models import Scope
from core.admin import ReadOnlyAdmin
from reminders.models import ReminderDelivery


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(AuditedAdmin, ReadOnlyAdmin):
    audit_person = "member"
    audit_scope = Scope.ENGAGEMENT
    list_display = ("member", "local_date", "channel", "due_at", "status", "attempts", "error")
    list_select_related = ("member", "delivery")
    list_filter = ("channel", "skip")
    search_fields = ("member__email",)
    date_hierarchy = "due_at"
    fields = (
        "member",
        "local_date",
        "channel",
        "due_at",
        "status",
        "skip",
        "attempts",
        "provider_id",
        "error",
        "sent_at",
    )
    readonly_fields = fields
