"""The counselor's alert inbox: open alerts of clients who share alerts, most urgent first."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from accounts.access import visible_members
from accounts.models import CareAssignment, Scope, User
from alerts.models import Alert, AlertNotice, AlertStatus
from checkins.models import CheckIn
from plans.models import Plan

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

    plans = Plan.objects.filter(member__in={a.member_id for a in alerts}).values_list(
        "member_id", "content"
    )
    steps: dict[int, list[str]] = {}
    for member_id, content in plans:
        items: list[dict[str, Any]] = content.get("actions") or []
        steps[member_id] = [f"{i.get('text', '')} → {i.get('then', '')}" for i in items[:3]]
    return steps


TREND_DAYS = 7


def trends(counselor: User, alerts: list[Alert]) -> dict[int, list[CheckIn]]:
    """The last week of check-ins of each member who also shares check-ins (one query)."""
    members = visible_members(counselor, Scope.CHECKINS).filter(
        pk__in={a.member_id for a in alerts}
    )
    since = timezone.localdate() - timedelta(days=TREND_DAYS + 1)
    found: dict[int, list[CheckIn]] = defaultdict(list)
    for checkin in CheckIn.objects.filter(member__in=members, local_date__gte=since).order_by(
        "local_date"
    ):
        found[checkin.member_id].append(checkin)
    return {member_id: rows[-TREND_DAYS:] for member_id, rows in found.items()}


def notices(alerts: list[Alert]) -> dict[int, list[AlertNotice]]:
    """Who was told about each alert, and whether it reached them (one query)."""
    found: dict[int, list[AlertNotice]] = defaultdict(list)
    for notice in AlertNotice.objects.filter(alert__in=alerts).select_related(
        "delivery__to_user", "delivery__contact_link__contact"
    ):
        found[notice.alert_id].append(notice)
    return found


def waiting_in_program(counselor: User) -> list[dict[str, Any]]:
    """For an on-call counselor: escalated alerts of clients they cannot see, without content.

    Only the wait and the care team's names show, so they can reach the team; the alert
    itself stays behind the member's consent.
    """
    if not counselor.on_call or counselor.program_id is None:
        return []
    hidden = (
        Alert.objects.filter(
            status=AlertStatus.OPEN,
            escalated_at__isnull=False,
            member__program_id=counselor.program_id,
        )
        .exclude(member__in=visible_members(counselor, Scope.ALERTS))
        .order_by("opened_at")
        .values_list("pk", "member_id", "opened_at")
    )
    rows = list(hidden)
    teams: dict[int, list[str]] = defaultdict(list)
    for member_id, name in (
        CareAssignment.objects.active()
        .filter(member_id__in={member_id for _pk, member_id, _at in rows})
        .values_list("member_id", "counselor__display_name")
    ):
        teams[member_id].append(name)
    return [
        {"opened_at": opened_at, "team": sorted(teams.get(member_id, []))}
        for _pk, member_id, opened_at in rows
    ]
