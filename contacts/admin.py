"""Admin for program staff: the alumni network in full; contacts and deliveries only in outline.

A member's support contacts and what was sent to them are the member's own: staff
see that they exist and whether a delivery worked, never a phone number, an
address or a message's text.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyAdmin

from .models import (
    AlumniGroup,
    Delivery,
    Event,
    GroupMembership,
    Outreach,
    PeerPairing,
    Rsvp,
    SupportContact,
)


@admin.register(SupportContact)
class SupportContactAdmin(ReadOnlyAdmin):
    list_display = ("name", "member", "relationship", "preferred_channel", "may_be_told")
    list_filter = ("relationship", "preferred_channel", "may_be_told")
    search_fields = ("member__email", "member__display_name")
    # No phone, email or message: staff need to know a contact exists, not how to reach them.
    fields = ("member", "name", "relationship", "preferred_channel", "may_be_told", "created_at")


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "channel", "purpose", "status", "attempts", "sent_at")
    list_filter = ("channel", "purpose", "status")
    search_fields = ("purpose", "provider_id")
    date_hierarchy = "created_at"
    # Without the text (and the address it went to): enough to see whether sending works.
    fields = (
        "channel",
        "purpose",
        "to_user",
        "to_contact",
        "about",
        "status",
        "attempts",
        "provider_id",
        "error",
        "created_at",
        "sent_at",
    )


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    autocomplete_fields = ("member",)


@admin.register(AlumniGroup)
class AlumniGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "program", "member_count", "created_at")
    list_filter = ("program",)
    search_fields = ("name",)
    filter_horizontal = ("coordinators",)
    inlines = [GroupMembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AlumniGroup]:
        return super().get_queryset(request).annotate(members=Count("memberships"))

    @admin.display(description=_("members"), ordering="members")
    def member_count(self, group: AlumniGroup) -> int:
        return group.members  # type: ignore[attr-defined]


@admin.register(GroupMembership)
class GroupMembershipAdmin(admin.ModelAdmin):
    list_display = ("member", "group", "joined_on", "completed_treatment_on")
    list_filter = ("group",)
    search_fields = ("member__email", "member__display_name", "group__name")
    autocomplete_fields = ("member",)
    date_hierarchy = "joined_on"


class RsvpInline(admin.TabularInline):
    model = Rsvp
    extra = 0
    autocomplete_fields = ("member",)
    fields = ("member", "created_at", "attended")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "group", "starts_at", "ends_at", "capacity")
    list_filter = ("kind", "group")
    search_fields = ("title", "place", "group__name")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("created_by",)
    inlines = [RsvpInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Rsvp)
class RsvpAdmin(admin.ModelAdmin):
    list_display = ("member", "event", "created_at", "attended")
    list_filter = ("attended",)
    search_fields = ("member__email", "member__display_name", "event__title")
    autocomplete_fields = ("member",)
    raw_id_fields = ("event",)


@admin.register(PeerPairing)
class PeerPairingAdmin(admin.ModelAdmin):
    list_display = (
        "member",
        "peer",
        "proposed_at",
        "member_agreed_at",
        "peer_agreed_at",
        "ended_at",
    )
    list_filter = ("ended_at",)
    search_fields = ("member__email", "member__display_name", "peer__email", "peer__display_name")
    autocomplete_fields = ("member", "peer", "proposed_by")


@admin.register(Outreach)
class OutreachAdmin(admin.ModelAdmin):
    list_display = (
        "member",
        "coordinator",
        "method",
        "outcome",
        "follow_up_on",
        "follow_up_done",
        "created_at",
    )
    list_filter = ("method", "outcome", "follow_up_done")
    search_fields = ("member__email", "member__display_name")
    autocomplete_fields = ("member", "coordinator")
    date_hierarchy = "created_at"
