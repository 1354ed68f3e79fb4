"""The counselor's caseload: each client's plan state and open alert, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils.functional import Promise

from accounts.access import shares, visible_members
from accounts.models import Scope, User
from alerts.models import Alert
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

    @property
    def plan_state_label(self) -> Promise:
        return PlanState.LABELS[self.plan_state]


def caseload(counselor: User) -> list[CaseloadRow]:
    """The counselor's clients with their plan state, most urgent first (one query)."""
    latest = PlanReview.objects.filter(plan__member=OuterRef("pk")).order_by("-created_at", "-pk")
    # Users carrying the annotations below (Any: the stubs do not see annotated attributes).
    clients: QuerySet[Any] = visible_members(counselor, Scope.ENGAGEMENT).annotate(
        shares_plan=shares(counselor, Scope.PLAN),
        plan_revision=F("plan__revision"),
        plan_finished=F("plan__finished_sections"),
        shares_alerts=shares(counselor, Scope.ALERTS),
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
