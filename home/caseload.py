"""The counselor's caseload: each client's plan state, open alert and last two weeks of
craving (a sparkline), most urgent first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils.functional import Promise

from accounts.access import shares, visible_members
from accounts.models import Scope, User
from alerts.models import Alert
from checkins.chart import SPARK_DAYS, Sparkline, sparkline
from checkins.models import CheckIn, UseReport
from checkins.progress import days_with_use, local_date
from core.stages import Stage
from plans.models import PlanReview
from plans.sections import SECTIONS
from plans.status import PlanState, plan_state


@dataclass(frozen=True)
class CaseloadRow:
    """One client as the caseload shows them."""

    client: User
    shares_plan: bool  # the plan state shows (and is audited) only then
    shares_alerts: bool  # the open alert's stage shows (and is audited) only then
    plan_state: str
    alert_stage: str | None
    recent: Sparkline | None = None  # only for clients who share check-ins (then audited)

    @property
    def plan_state_label(self) -> Promise:
        return PlanState.LABELS[self.plan_state]


def caseload(counselor: User) -> list[CaseloadRow]:
    """The counselor's clients with their plan state, most urgent first (three queries)."""
    latest = PlanReview.objects.filter(plan__member=OuterRef("pk")).order_by("-created_at", "-pk")
    # Users carrying the annotations below (Any: the stubs do not see annotated attributes).
    clients: QuerySet[Any] = visible_members(counselor, Scope.ENGAGEMENT).annotate(
        shares_plan=shares(counselor, Scope.PLAN),
        plan_revision=F("plan__revision"),
        plan_finished=F("plan__finished_sections"),
        shares_alerts=shares(counselor, Scope.ALERTS),
        shares_checkins=shares(counselor, Scope.CHECKINS),
        open_stage=Subquery(
            Alert.objects.unresolved()
            .filter(member=OuterRef("pk"))
            .annotate(rank=Stage.rank_expression())
            .order_by("-rank")
            .values("stage")[:1]
        ),
        reviewed_version=Subquery(latest.values("version_number")[:1]),
        review_status=Subquery(latest.values("status")[:1]),
    )
    section_keys = {s.key for s in SECTIONS}
    clients = list(clients)
    sparks = _sparklines([c for c in clients if c.shares_checkins])
    rows = [
        CaseloadRow(
            client=client,
            shares_plan=bool(client.shares_plan),
            shares_alerts=bool(client.shares_alerts),
            plan_state=plan_state(
                shared=client.shares_plan,
                revision=client.plan_revision,
                complete=section_keys <= set(client.plan_finished or []),
                reviewed_version=client.reviewed_version,
                review_status=client.review_status,
            ),
            # The alert's stage only for clients who share alerts with this counselor.
            alert_stage=client.open_stage if client.shares_alerts else None,
            recent=sparks.get(client.pk),
        )
        for client in clients
    ]
    rows.sort(
        key=lambda c: (
            Stage.by_urgency(c.alert_stage),
            PlanState.URGENCY.index(c.plan_state),
            c.client.display_name.lower(),
        )
    )
    return rows


def _sparklines(members: list[User]) -> dict[int, Sparkline]:
    """Each member's last SPARK_DAYS days of craving and use, in two queries for them all."""
    if not members:
        return {}
    today = {m.pk: local_date(m.timezone) for m in members}
    since = min(today.values()) - timedelta(days=SPARK_DAYS - 1)
    checkins: dict[int, list[CheckIn]] = defaultdict(list)
    for checkin in CheckIn.objects.filter(member__in=members, local_date__gte=since).only(
        "member", "local_date", "craving", "used_today"
    ):
        checkins[checkin.member_id].append(checkin)
    reported: dict[int, list[date]] = defaultdict(list)
    for member_id, day in UseReport.objects.filter(
        member__in=members, local_date__gte=since
    ).values_list("member_id", "local_date"):
        reported[member_id].append(day)
    return {
        m.pk: sparkline(
            [(c.local_date, c.craving) for c in checkins[m.pk]],
            days_with_use(reported[m.pk], checkins[m.pk]),
            today[m.pk],
        )
        for m in members
    }
