"""Admin for program staff: alumni groups and events."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from alumni.models import AlumniGroup, Event
from core.admin import SANE_DATES, SaneDatesAdmin


@admin.register(AlumniGroup)
class AlumniGroupAdmin(SaneDatesAdmin):
    """Groups and events only. Who belongs, came, pairs or drifts is engagement data that
    coordinators see through the access gate (audited), so it is not in the admin."""

    list_display = ("name", "program", "created_at")
    list_filter = ("program",)
    search_fields = ("name",)
    filter_horizontal = ("coordinators",)


@admin.register(Event)
class EventAdmin(SaneDatesAdmin):
    list_display = ("title", "kind", "group", "starts_at", "ends_at", "capacity")
    list_filter = ("kind", "group")
    search_fields = ("title", "place", "group__name")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("created_by",)
    formfield_overrides = {**SANE_DATES, models.URLField: {"assume_scheme": "https"}}
