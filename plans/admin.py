"""Admin for program staff: who has a plan and where it stands, never what it says.

Plan content is health information; staff see it only through the access gate.
"""

from __future__ import annotations

from django.contrib import admin

from accounts.admin_audit import AuditedAdmin
from accounts.models import Scope
from core.admin import ReadOnlyAdmin
from plans.models import Plan, PlanComment, PlanReview, PlanVersion


@admin.register(Plan)
class PlanAdmin(AuditedAdmin, ReadOnlyAdmin):
    audit_person = "member"
    audit_scope = Scope.PLAN
    list_display = ("member", "revision", "finished_count", "created_at", "updated_at")
    search_fields = ("member__email", "member__display_name")
    date_hierarchy = "updated_at"
    fields = ("member", "revision", "finished_sections", "created_at", "updated_at")


@admin.register(PlanVersion)
class PlanVersionAdmin(AuditedAdmin, ReadOnlyAdmin):
    audit_person = "plan__member"
    audit_scope = Scope.PLAN
    list_display = ("plan", "number", "author", "created_at", "sections")
    search_fields = ("plan__member__email",)
    fields = ("plan", "number", "author", "created_at", "sections")


@admin.register(PlanReview)
class PlanReviewAdmin(AuditedAdmin, ReadOnlyAdmin):
    audit_person = "plan__member"
    audit_scope = Scope.PLAN
    list_display = ("plan", "version_number", "counselor", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("plan__member__email", "counselor__email")
    fields = ("plan", "version_number", "counselor", "status", "created_at")


@admin.register(PlanComment)
class PlanCommentAdmin(AuditedAdmin, ReadOnlyAdmin):
    audit_person = "plan__member"
    audit_scope = Scope.PLAN
    list_display = ("plan", "section", "author", "version_number", "created_at")
    list_filter = ("section",)
    fields = ("plan", "section", "author", "version_number", "created_at")
