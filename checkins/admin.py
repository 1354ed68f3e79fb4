"""Admin for program staff: that check-ins exist, never what they say.

Reports of use and alerts are not in the admin at all: that one exists is itself the
disclosure.
"""

from django.contrib import admin

from accounts.admin import ReadOnlyAdmin

from .models import CheckIn


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ("member", "local_date", "created_at", "updated_at")
    search_fields = ("member__email",)
    date_hierarchy = "local_date"
    fields = ("member", "local_date", "created_at", "updated_at")
