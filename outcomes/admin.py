from django.contrib import admin

from core.admin import ReadOnlyAdmin
from outcomes.models import OutcomeCell


@admin.register(OutcomeCell)
class OutcomeCellAdmin(ReadOnlyAdmin):
    """The nightly snapshot, to read (the task writes it; nobody edits a figure)."""

    list_display = ("month", "figure", "program", "value", "people", "computed_at")
    list_filter = ("figure", "program")
    date_hierarchy = "month"
