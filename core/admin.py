"""Admin building blocks shared by every app"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.contrib.admin import widgets
from django.db import models
from django.http import HttpRequest

from core.forms import SaneDateField, SaneSplitDateTimeField

# The admin's own date widgets, with the one date bound of core.validators.
SANE_DATES: Mapping[type[models.Field], Mapping[str, Any]] = {
    models.DateTimeField: {
        "form_class": SaneSplitDateTimeField,
        "widget": widgets.AdminSplitDateTime,
    },
    models.DateField: {"form_class": SaneDateField, "widget": widgets.AdminDateWidget},
}


class SaneDatesAdmin(admin.ModelAdmin):
    """For admin pages that edit dates: the same bounds as every other form."""

    formfield_overrides = SANE_DATES


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records people make themselves or that must never change: read, don't write."""

    def lookup_allowed(self, lookup: str, value: str, request: Any = None) -> bool:
        # Only the listed filters: a hidden field must not be searchable from the URL.
        allowed = {f if isinstance(f, str) else f[0] for f in self.list_filter}  # type: ignore[index]
        if self.date_hierarchy:
            allowed.add(self.date_hierarchy)
        return lookup.split("__", 1)[0] in allowed and super().lookup_allowed(
            lookup, value, request
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
