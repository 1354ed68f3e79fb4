from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent, CareAssignment, Consent, Invitation, Program, User
from core.admin import ReadOnlyAdmin, SaneDatesAdmin


class UserCreationByEmailForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name", "role", "timezone")


@admin.register(User)
class UserAdmin(SaneDatesAdmin, BaseUserAdmin):
    add_form = UserCreationByEmailForm
    ordering = ("email",)
    list_display = (
        "email",
        "display_name",
        "role",
        "program",
        "is_active",
        "is_staff",
        "date_joined",
    )
    list_filter = ("role", "program", "on_call", "is_active", "is_staff")
    search_fields = ("email", "display_name")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Person"),
            {"fields": ("display_name", "role", "program", "timezone", "phone", "on_call")},
        ),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "role", "timezone", "password1", "password2"),
            },
        ),
    )


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "created_at")
    search_fields = ("name",)


@admin.register(CareAssignment)
class CareAssignmentAdmin(SaneDatesAdmin):
    list_display = ("counselor", "member", "started_on", "ended_on")
    list_filter = ("ended_on",)
    search_fields = ("counselor__email", "member__email", "member__display_name")
    autocomplete_fields = ("counselor", "member")
    date_hierarchy = "started_on"


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    """Consents are the member's own acts: admins can read and revoke, never write or delete."""

    list_display = (
        "member",
        "recipient",
        "scopes_display",
        "granted_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("scope_plan", "scope_checkins", "scope_alerts", "revoked_at")
    search_fields = ("member__email", "recipient__email")
    actions = ["revoke"]

    @admin.display(description=_("shares"))
    def scopes_display(self, obj: Consent) -> str:
        return ", ".join(str(scope.label) for scope in obj.scopes)

    @admin.action(description=_("Revoke the selected consents now"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        count = sum(consent.revoke() for consent in queryset)
        self.message_user(request, _("%(n)d revoked.") % {"n": count}, messages.SUCCESS)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "scope", "member", "object_type", "object_id", "ip")
    list_select_related = ("actor", "member")
    list_filter = ("action", "scope")
    search_fields = ("actor__email", "member__email")
    date_hierarchy = "at"


@admin.register(Invitation)
class InvitationAdmin(SaneDatesAdmin):
    list_display = (
        "email",
        "role",
        "invited_by",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
    )
    list_filter = ("role", "accepted_at")
    search_fields = ("email",)
    readonly_fields = ("sent_at", "accepted_at", "accepted_user", "created_at")
    exclude = ("token_hash",)
