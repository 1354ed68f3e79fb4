"""Where a plan stands for its counselor, and the caseload query behind it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import Plan, PlanReview, ReviewStatus


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
