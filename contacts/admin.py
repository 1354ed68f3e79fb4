"""Admin for program staff: the alumni network in full; contacts and deliveries only in outline.

A member's support contacts and what was sent to them are the member's own: staff
see that they exist and whether a delivery worked, never a phone number, an
address or a message's text.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from accounts.admin import ReadOnlyAdmin

from .models import (
    AlumniGroup,
    Delivery,
    Event,
)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "channel", "purpose", "status", "attempts", "sent_at")
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
        "created_at",
        "sent_at",
    )


@admin.register(AlumniGroup)
class AlumniGroupAdmin(admin.ModelAdmin):
    """Groups and events only. Who belongs, came, pairs or drifts is engagement data that
    coordinators see through the access gate (audited), so it is not in the admin."""

    list_display = ("name", "program", "created_at")
    list_filter = ("program",)
    search_fields = ("name",)
    filter_horizontal = ("coordinators",)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "group", "starts_at", "ends_at", "capacity")
    list_filter = ("kind", "group")
    search_fields = ("title", "place", "group__name")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("created_by",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
