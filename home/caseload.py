"""The counselor's caseload: each client's plan state and open alert, most urgent first."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery

from accounts.access import visible_members
from accounts.models import Consent, Scope, User
from alerts.models import Alert
from core.stages import Stage
from plans.models import PlanReview
from plans.sections import SECTIONS
from plans.status import PlanState, plan_state


def caseload(counselor: User) -> list[Any]:
    """The counselor's clients with their plan state, most urgent first (one query)."""
    latest = PlanReview.objects.filter(plan__member=OuterRef("pk")).order_by("-created_at", "-pk")
    clients: QuerySet[User] = visible_members(counselor, Scope.ENGAGEMENT).annotate(
        shares_plan=Exists(
            Consent.objects.active()
            .covering(Scope.PLAN)
            .filter(member=OuterRef("pk"), recipient=counselor)
        ),
        plan_revision=F("plan__revision"),
        plan_finished=F("plan__finished_sections"),
        shares_alerts=Exists(
            Consent.objects.active()
            .covering(Scope.ALERTS)
            .filter(member=OuterRef("pk"), recipient=counselor)
        ),
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
    rows: list[Any] = list(clients)
    for client in rows:
        client.plan_state = plan_state(
            shared=client.shares_plan,
            revision=client.plan_revision,
            complete=section_keys <= set(client.plan_finished or []),
            reviewed_version=client.reviewed_version,
            review_status=client.review_status,
        )
        client.plan_state_label = PlanState.LABELS[client.plan_state]
        # The alert's stage only for clients who share alerts with this counselor.
        client.alert_stage = client.open_stage if client.shares_alerts else None
    rows.sort(
        key=lambda c: (
            Stage.by_urgency(c.alert_stage),
            PlanState.URGENCY.index(c.plan_state),
            c.display_name.lower(),
        )
    )
    return rows
