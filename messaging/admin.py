"""Admin for operations: whether deliveries work, never to whom or what they said.

What was sent to a member's people is the member's own: staff see that a delivery exists
and whether it worked, never a phone number, an address or a message's text.
"""

from __future__ import annotations

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from messaging.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "channel", "purpose", "status", "attempts", "error", "sent_at")
    list_filter = ("channel", "purpose", "status")
    search_fields = ("purpose", "provider_id")
    date_hierarchy = "created_at"
    # Neither who it went to, who it was about, nor what it said: enough to see whether
    # sending works, nothing about anyone.
    fields = (
        "channel",
        "purpose",
        "status",
        "attempts",
        "provider_id",
        "error",
        "permanent",
        "created_at",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
    )
