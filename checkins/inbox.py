"""The counselor's alert inbox: open alerts of clients who share alerts, most urgent first."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from accounts.access import visible_members
from accounts.models import Scope, User

from .models import Alert

STAGE_RANK = Case(
    When(stage="physical", then=Value(3)),
    When(stage="mental", then=Value(2)),
    default=Value(1),
    output_field=IntegerField(),
)


def inbox(counselor: User) -> QuerySet[Alert]:
    """Unresolved alerts the gate lets this counselor see: physical, mental, emotional; oldest first."""
    members = visible_members(counselor, Scope.ALERTS)
    return (
        Alert.objects.unresolved()
        .filter(member__in=members)
        .select_related("member", "acknowledged_by")
        .annotate(rank=STAGE_RANK)
        .order_by("-rank", "opened_at")
    )


def plan_steps(alerts: list[Alert]) -> dict[int, list[str]]:
    """Each member's action steps, for the inbox (one query for all of them)."""
    from plans.models import Plan

    plans = Plan.objects.filter(member__in={a.member_id for a in alerts}).values_list(
        "member_id", "content"
    )
    steps: dict[int, list[str]] = {}
    for member_id, content in plans:
        items: list[dict[str, Any]] = content.get("actions") or []
        steps[member_id] = [f"{i.get('text', '')} → {i.get('then', '')}" for i in items[:3]]
    return steps
