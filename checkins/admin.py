"""Admin for program staff: that check-ins and reminders exist, never what check-ins say.

Reports of use and alerts are not in the admin at all: that one exists is itself the
disclosure. Reminder deliveries are here for operations (is the SMS gateway failing?).
"""

from django.contrib import admin

from accounts.admin_audit import AuditedAdmin
from accounts.models import Scope
from checkins.models import CheckIn
from core.admin import ReadOnlyAdmin


@admin.register(CheckIn)
class CheckInAdmin(AuditedAdmin, ReadOnlyAdmin):
    audit_person = "member"
    audit_scope = Scope.CHECKINS
    list_display = ("member", "local_date", "created_at", "updated_at")
    search_fields = ("member__email",)
    date_hierarchy = "local_date"
    fields = ("member", "local_date", "created_at", "updated_at")
