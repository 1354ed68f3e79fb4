"""Admin for program staff: the program's measurement settings, never a member's answers.

A BAM result is health data the member shares through consent (check-ins scope); like a
report of use it is not in the admin at all.
"""

from django.contrib import admin

from measures.models import MeasureSettings


@admin.register(MeasureSettings)
class MeasureSettingsAdmin(admin.ModelAdmin):
    list_display = ("program", "bam_every_days")
    list_filter = ("bam_every_days",)
    search_fields = ("program__name",)
