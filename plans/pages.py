"""What the plan pages show, to the member and to a counselor the gate lets in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.access import require_access
from accounts.models import Scope, User
from plans.models import Plan, PlanVersion
from plans.sections import SECTIONS
from plans.status import PlanState, state_of
from plans.versions import diff, plan_for


def plan_context(plan: Plan | None) -> dict[str, Any]:
    """Everything the plan pages show, in a fixed number of queries."""
    if plan is None:
        return {"plan": None, "sections": [], "last_review": None, "state": PlanState.NONE}
    comments: dict[str, list] = {}
    for comment in plan.comments.select_related("author"):
        comments.setdefault(comment.section, []).append(comment)
    last_review = plan.reviews.select_related("counselor").first()
    sections = [
        {
            "section": s,
            "items": plan.items(s.key),
            "answers": plan.answers(s.key),
            "finished": s.key in plan.finished_sections,
            "comments": comments.get(s.key, []),
        }
        for s in SECTIONS
    ]
    state = state_of(plan, last_review)
    return {
        "plan": plan,
        "sections": sections,
        "last_review": last_review,
        "state": state,
        "state_label": PlanState.LABELS[state],
    }


def history_context(request: HttpRequest, plan: Plan | None) -> dict[str, Any]:
    versions = list(plan.versions.select_related("author").defer("content")) if plan else []
    context: dict[str, Any] = {"versions": versions, "changes": None}
    if not versions or "a" not in request.GET:
        return context
    try:
        a, b = sorted((int(request.GET["a"]), int(request.GET.get("b", versions[0].number))))
        if a < 0 or b > versions[0].number:
            raise ValueError("no such version")
    except ValueError:
        context["compare_error"] = _("Choose two versions from the list to compare.")
        return context
    chosen = {v.number: v for v in PlanVersion.objects.filter(plan=plan, number__in=[a, b])}
    if b not in chosen or (a != 0 and a not in chosen):
        context["compare_error"] = _("Choose two versions from the list to compare.")
        return context
    old = chosen[a].content if a else {}
    context.update(a=a, b=b, changes=diff(old, chosen[b].content))
    return context


def client_plan(request: HttpRequest, member_id: int, *, action: str) -> tuple[User, Plan | None]:
    member = require_access(request, member_id, Scope.PLAN, action=action)
    return member, plan_for(member)
