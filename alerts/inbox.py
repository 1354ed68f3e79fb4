"""The counselor's alert inbox: open alerts of clients who share alerts, most urgent first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from accounts.access import care_teams, visible_members
from accounts.models import Scope, User
from alerts.models import Alert, AlertNotice, AlertStatus
from checkins.models import CheckIn
from core.paging import Listing, choice, listing
from core.stages import Stage
from plans.models import Plan


def inbox(counselor: User) -> QuerySet[Alert]:
    """Unresolved alerts the gate lets this counselor see: physical, mental, emotional; oldest first."""
    members = visible_members(counselor, Scope.ALERTS)
    return (
        Alert.objects.unresolved()
        .filter(member__in=members)
        .select_related("member", "acknowledged_by")
        .annotate(rank=Stage.rank_expression())
        .order_by("-rank", "opened_at")
    )


def plan_steps(counselor: User, alerts: list[Alert]) -> dict[int, list[str]]:
    """The first action steps of each member who also shares the plan (one query).

    Members without steps are left out, so the keys are exactly whose plan is shown.
    """
    members = visible_members(counselor, Scope.PLAN).filter(pk__in={a.member_id for a in alerts})
    plans = Plan.objects.filter(member__in=members).values_list("member_id", "content")
    steps: dict[int, list[str]] = {}
    for member_id, content in plans:
        items: list[dict[str, Any]] = content.get("actions") or []
        if items:
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


@dataclass(frozen=True)
class InboxRow:
    """One open alert as the inbox shows it; each part only where the gate allows its scope."""

    alert: Alert
    told: tuple[AlertNotice, ...]  # who heard about it: part of the alert itself
    trend: tuple[CheckIn, ...]  # the last week of check-ins (checkins scope)
    steps: tuple[str, ...]  # the first action steps of the plan (plan scope)


STATUSES = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)
# Each alert is a full card (signals, trend, plan steps, the form to act): a short page
# keeps the most urgent ones, and everything needed to act on them, in one screen or two.
INBOX_PER_PAGE = 10


@dataclass(frozen=True)
class InboxFilters:
    """What the counselor narrowed the inbox to (stage and status names only)."""

    stage: str = ""
    status: str = ""

    @classmethod
    def from_query(cls, query: QueryDict) -> InboxFilters:
        return cls(
            stage=choice(query, "stage", Stage.values), status=choice(query, "status", STATUSES)
        )

    def as_query(self) -> dict[str, str]:
        return {"stage": self.stage, "status": self.status}

    def apply(self, alerts: QuerySet[Alert]) -> QuerySet[Alert]:
        if self.stage:
            alerts = alerts.filter(stage=self.stage)
        if self.status:
            alerts = alerts.filter(status=self.status)
        return alerts


def inbox_page(counselor: User, filters: InboxFilters, page_number: Any) -> Listing:
    """One page of the inbox with what each alert shows, in a constant number of queries
    (a count, the page's alerts, then who was told, trends and plan steps for those only)."""
    # (-rank, opened_at, pk) is a total order, so paging by offset neither skips nor repeats
    # an alert between two clicks unless the inbox itself changed.
    found = listing(
        filters.apply(inbox(counselor)).order_by("-rank", "opened_at", "pk"),
        page_number,
        filters.as_query(),
        per_page=INBOX_PER_PAGE,
    )
    alerts: list[Alert] = list(found.rows)
    told, trend = notices(alerts), trends(counselor, alerts)
    steps = plan_steps(counselor, alerts) if alerts else {}
    found.page.object_list = [
        InboxRow(
            alert=alert,
            told=tuple(told.get(alert.pk, ())),
            trend=tuple(trend.get(alert.member_id, ())),
            steps=tuple(steps.get(alert.member_id, ())),
        )
        for alert in alerts
    ]
    return found


@dataclass(frozen=True)
class Waiting:
    """An escalated alert an on-call counselor cannot open: only the wait and the team."""

    opened_at: datetime
    team: tuple[str, ...]


def waiting_in_program(counselor: User) -> list[Waiting]:
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
        .values_list("member_id", "opened_at")
    )
    rows = list(hidden)
    teams = care_teams({member_id for member_id, _at in rows})
    return [
        Waiting(opened_at, tuple(sorted(c.display_name for c in teams.get(member_id, []))))
        for member_id, opened_at in rows
    ]
