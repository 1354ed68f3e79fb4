"""Where a plan stands for its counselor, and the caseload query behind it."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from accounts.access import visible_members
from accounts.models import Consent, Scope, User
from checkins.inbox import STAGE_RANK
from checkins.models import Alert

from .models import Plan, PlanReview, ReviewStatus
from .sections import SECTIONS


class PlanState:
    NOT_SHARED = "not_shared"
    NONE = "none"
    IN_PROGRESS = "in_progress"
    AWAITING_REVIEW = "awaiting_review"
    CHANGED_SINCE_REVIEW = "changed_since_review"
    CHANGES_SUGGESTED = "changes_suggested"
    REVIEWED = "reviewed"

    LABELS = {
        NOT_SHARED: _("Not shared with you"),
        NONE: _("No plan yet"),
        IN_PROGRESS: _("In progress"),
        AWAITING_REVIEW: _("Awaiting your review"),
        CHANGED_SINCE_REVIEW: _("Changed since your review"),
        CHANGES_SUGGESTED: _("Changes suggested"),
        REVIEWED: _("Reviewed"),
    }
    # What needs the counselor comes first.
    URGENCY = [
        AWAITING_REVIEW,
        CHANGED_SINCE_REVIEW,
        IN_PROGRESS,
        CHANGES_SUGGESTED,
        NONE,
        REVIEWED,
        NOT_SHARED,
    ]


def plan_state(
    *,
    shared: bool,
    revision: int | None,
    complete: bool,
    reviewed_version: int | None,
    review_status: str | None,
) -> str:
    if not shared:
        return PlanState.NOT_SHARED
    if not revision:
        return PlanState.NONE
    if reviewed_version is None:
        return PlanState.AWAITING_REVIEW if complete else PlanState.IN_PROGRESS
    if revision > reviewed_version:
        return PlanState.CHANGED_SINCE_REVIEW
    if review_status == ReviewStatus.CHANGES_SUGGESTED:
        return PlanState.CHANGES_SUGGESTED
    return PlanState.REVIEWED


def state_of(plan: Plan | None, last_review: PlanReview | None, *, shared: bool = True) -> str:
    return plan_state(
        shared=shared,
        revision=plan.revision if plan else None,
        complete=plan.is_complete if plan else False,
        reviewed_version=last_review.version_number if last_review else None,
        review_status=last_review.status if last_review else None,
    )


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
            .annotate(rank=STAGE_RANK)
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
    alert_first = {"physical": 0, "mental": 1, "emotional": 2, None: 3}
    rows.sort(
        key=lambda c: (
            alert_first[c.alert_stage],
            PlanState.URGENCY.index(c.plan_state),
            c.display_name.lower(),
        )
    )
    return rows
