from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor
from accounts.account_events import record_account_event
from accounts.admin_audit import AuditedAdmin
from accounts.forms import TimezoneField
from accounts.mail import send_password_link
from accounts.models import AuditEvent, CareAssignment, Consent, Invitation, Program, User
from core.admin import ReadOnlyAdmin, SaneDatesAdmin


class UserCreationByEmailForm(forms.ModelForm):
    """A new account gets a password nobody knows; the person chooses their own from the
    emailed link (UserAdmin.save_model). An admin never sets or sees one."""

    class Meta:
        model = User
        fields = ("email", "display_name", "role", "timezone")

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Someone already has an account with this email."))
        return email

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_password(secrets.token_urlsafe(32))
        if commit:
            user.save()
        return user


def _admin(request: HttpRequest) -> User:
    # The admin site lets only signed-in staff in: request.user is a User.
    user = request.user
    assert isinstance(user, User)
    return user


# Changes to these are recorded as audit events on the person (besides the admin's history).
AUDITED_FIELDS = ("role", "is_staff", "is_active", "program", "on_call")


@admin.register(User)
class UserAdmin(AuditedAdmin, SaneDatesAdmin, BaseUserAdmin):
    """People, without their passwords: none is set or shown here, and no admin can take
    an account over (no email changes, no superuser flag; a reset link goes to the person)."""

    audit_person = ""
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
    readonly_fields = ("email", "password_note", "last_login", "date_joined")
    actions = ["send_password_links", "reset_second_factor"]
    fieldsets = (
        (None, {"fields": ("email", "password_note")}),
        (
            _("Person"),
            {"fields": ("display_name", "role", "program", "timezone", "phone", "on_call")},
        ),
        (_("Access"), {"fields": ("is_active", "is_staff")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "display_name", "role", "timezone")}),
    )

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "timezone":
            # The picker people use themselves: zones in words, stored as IANA names.
            return TimezoneField(label=capfirst(db_field.verbose_name), help_text="")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        field = form.base_fields.get("timezone")
        if obj is not None and isinstance(field, TimezoneField):
            field.keep(obj.timezone)
        return form

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A new person's email is typed once; after that it is where reset links go.
        return self.readonly_fields if obj is not None else ()

    def get_urls(self) -> list[Any]:
        # Not BaseUserAdmin's: its extra page sets a person's password.
        return admin.ModelAdmin.get_urls(self)

    def user_change_password(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionDenied

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and request.user.is_superuser:
            # Operators (superusers, made at the command line) also manage permissions.
            return (*fieldsets, (_("Permissions"), {"fields": ("groups", "user_permissions")}))
        return fieldsets

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # An operator's account is changed by operators only.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Records point at people (consents, the audit trail): switch an account off instead.
        return False

    @admin.display(description=_("password"))
    def password_note(self, obj: User) -> str:
        return str(
            _(
                "Never set or shown here. To help someone who can't sign in, select them in "
                "the list of people and send them a link to choose a new password."
            )
        )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            record_account_event(request, obj, "admin_created", actor=_admin(request), obj=obj)
            send_password_link(obj)
            return
        for field in AUDITED_FIELDS:
            if field in form.changed_data:
                record_account_event(
                    request, obj, f"admin_changed_{field}", actor=_admin(request), obj=obj
                )

    def response_add(self, request: HttpRequest, obj: User, *args: Any, **kwargs: Any) -> Any:
        self.message_user(
            request,
            _("A link to choose a password is on its way to %(email)s.") % {"email": obj.email},
            messages.SUCCESS,
        )
        return super().response_add(request, obj, *args, **kwargs)

    @admin.action(description=_("Email the selected people a link to choose a new password"))
    def send_password_links(self, request: HttpRequest, queryset: Any) -> None:
        people = [p for p in queryset if p.is_active and p.has_usable_password()]
        for person in people:
            send_password_link(person)
            record_account_event(
                request, person, "admin_sent_password_link", actor=_admin(request), obj=person
            )
        self.message_user(
            request, _("%(n)d links on their way.") % {"n": len(people)}, messages.SUCCESS
        )

    @admin.action(description=_("Reset two-step sign-in (they set it up again when they sign in)"))
    def reset_second_factor(self, request: HttpRequest, queryset: Any) -> None:
        people = list(queryset)
        for person in people:
            second_factor.remove(person)
            record_account_event(
                request, person, "admin_reset_second_factor", actor=_admin(request), obj=person
            )
        self.message_user(request, _("%(n)d reset.") % {"n": len(people)}, messages.SUCCESS)


class AuditedAutocomplete(AutocompleteJsonView):
    """The admin's search-as-you-type for people (care-team links) lists people too."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if isinstance(self.model_admin, AuditedAdmin):
            rows = [row.pk for row in context["object_list"]]
            self.model_admin.record_rows(self.request, rows, "admin_search")
        return context


def _autocomplete(request: HttpRequest) -> Any:
    return AuditedAutocomplete.as_view(admin_site=admin.site)(request)


admin.site.autocomplete_view = _autocomplete  # type: ignore[method-assign]

# django-otp's own admin pages show an authenticator's secret key and the recovery codes:
# nobody but the person may see those. An admin resets a person's app instead (above).
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "created_at")
    search_fields = ("name",)


@admin.register(CareAssignment)
class CareAssignmentAdmin(AuditedAdmin, SaneDatesAdmin):
    list_display = ("counselor", "member", "started_on", "ended_on")
    list_filter = ("ended_on",)
    search_fields = ("counselor__email", "member__email", "member__display_name")
    autocomplete_fields = ("counselor", "member")
    date_hierarchy = "started_on"


@admin.register(Consent)
class ConsentAdmin(AuditedAdmin, ReadOnlyAdmin):
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
class AuditEventAdmin(AuditedAdmin, ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "scope", "member", "object_type", "object_id", "ip")
    list_select_related = ("actor", "member")
    list_filter = ("action", "scope")
    search_fields = ("actor__email", "member__email")
    date_hierarchy = "at"


@admin.register(Invitation)
class InvitationAdmin(AuditedAdmin, SaneDatesAdmin):
    audit_person = "accepted_user"

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
    # Who invited whom, to what and into which program is what the link carries: fixed once
    # sent. Only the end of the link may change (to end it early).
    readonly_fields = (
        "email",
        "display_name",
        "role",
        "program",
        "invited_by",
        "sent_at",
        "accepted_at",
        "accepted_user",
        "created_at",
    )
    exclude = ("token_hash",)

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        """Inviting is the invitations page's: it names the inviter, sets the expiry, refuses
        to replace someone else's invitation, and sends once the invitation is saved."""
        messages.info(request, _("Invite people here; the email goes out as soon as you send."))
        return redirect("invitations")
