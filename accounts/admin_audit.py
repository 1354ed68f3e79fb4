"""Every admin page that lists people or opens one person's rows writes audit events.

A program admin is not on anyone's care team, yet the admin shows who has a plan, when
they checked in, whom they share with. Each list writes one event per person shown (one
insert), and each opened row one event, so the person sees it in "who saw my record".
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from accounts.access import client_ip
from accounts.models import ACCOUNT_SCOPE, AuditEvent


class AuditedAdmin(admin.ModelAdmin):
    """Mix in before the admin class. `audit_person`: the lookup from a row to the person
    it is about ("" when the row is the person); `audit_scope`: what part of them it shows."""

    audit_person: str = "member"
    audit_scope: str = ACCOUNT_SCOPE

    def _people(self, pks: list[Any]) -> list[int]:
        if not self.audit_person:
            return list(pks)
        rows = self.model._default_manager.filter(pk__in=pks)
        return [pk for pk in rows.values_list(self.audit_person, flat=True).distinct() if pk]

    def record_rows(
        self, request: HttpRequest, pks: list[Any], action: str, obj: Any = None
    ) -> None:
        """One audit event for each person these rows are about (not the admin themselves)."""
        viewer = request.user
        now = timezone.now()
        ip = client_ip(request)
        AuditEvent.objects.bulk_create(
            AuditEvent(
                actor_id=viewer.pk,
                member_id=person,
                action=action,
                scope=self.audit_scope,
                object_type=obj._meta.label_lower if obj is not None else "",
                object_id=str(obj.pk) if obj is not None else "",
                at=now,
                ip=ip,
            )
            for person in self._people(pks)
            if person != viewer.pk
        )

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        changelist = super().get_changelist_instance(request)
        self.record_rows(request, [row.pk for row in changelist.result_list], "admin_list")
        return changelist

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            self.record_rows(request, [obj.pk], "admin_view", obj)
        return obj
