"""The member's relapse-prevention plan as a CarePlan, with their reasons as Goals.

Mapping (plans/sections.py is the one description of the parts):
- "My reasons for recovery": one Goal each, referenced from CarePlan.goal;
- the parts that are things to do (coping skills, people and places, action steps, a safer
  place, looking after myself, medications): one CarePlan.activity each line, its detail's
  status "completed" for a safer-place step with a date done, otherwise "not-started" for
  an action step (it waits for its "when") and "in-progress" for the rest;
- every other part (triggers, warning signs, support network, professionals, level of care,
  if I use): one CarePlan.note each, titled, one line per item or answer;
- the plan's version is meta.versionId; the counselor's latest review a note.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from fhir_export import codes
from plans.models import Plan, PlanReview
from plans.sections import SECTIONS, Section, label_for

GOALS = "reasons"
ACTIVITIES = {
    "coping": "in-progress",
    "distractions": "in-progress",
    "actions": "not-started",
    "safety": "not-started",
    "wellbeing": "in-progress",
    "medications": "in-progress",
}


def _line(section: Section, item: dict[str, Any]) -> str:
    """A list item in words: its main text, then its other fields with their labels."""
    main = str(item.get(section.main.name, ""))
    extra = [
        f"{f.label} {label_for(section, f.name, str(item[f.name]))}"
        for f in section.fields[1:]
        if item.get(f.name) not in ("", None)
    ]
    return "; ".join([main, *extra]) if extra else main


def _answers(section: Section, value: dict[str, Any]) -> list[str]:
    return [
        f"{f.label}: {label_for(section, f.name, str(value[f.name]))}"
        for f in section.fields
        if value.get(f.name) not in ("", None)
    ]


def _lines(section: Section, content: dict[str, Any]) -> list[str]:
    value = content.get(section.key)
    if section.is_list and isinstance(value, list):
        return [_line(section, item) for item in value if isinstance(item, dict)]
    return _answers(section, value) if isinstance(value, dict) else []


def goals(plan: Plan, patient: str) -> list[tuple[str, dict[str, Any]]]:
    """(fullUrl, Goal) for each of the member's reasons."""
    return [
        (
            codes.urn("goal", f"{plan.pk}/{item.get('id', index)}"),
            {
                "resourceType": "Goal",
                "meta": codes.part_2_meta(),
                "lifecycleStatus": "active",
                "category": [{"coding": [{"system": codes.GOAL_CATEGORY, "code": "behavioral"}]}],
                "description": {"text": str(item.get("text", ""))},
                "subject": codes.ref(patient),
            },
        )
        for index, item in enumerate(plan.items(GOALS))
    ]


def _activity(section: Section, item: dict[str, Any]) -> dict[str, Any]:
    status = ACTIVITIES[section.key]
    if section.key == "safety" and item.get("done_on"):
        status = "completed"
    detail = {"status": status, "description": f"{section.title}: {_line(section, item)}"}
    return {"detail": detail}


def _review_note(review: PlanReview) -> dict[str, Any]:
    words = _("Version %(version)s: %(status)s by the counselor on %(day)s.") % {
        "version": review.version_number,
        "status": review.get_status_display(),
        "day": review.created_at.date().isoformat(),
    }
    if review.note:
        words = f"{words} {review.note}"
    return {"time": codes.instant(review.created_at), "text": words}


def careplan(
    plan: Plan, patient: str, goal_urls: list[str], review: PlanReview | None
) -> dict[str, Any]:
    activities: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for section in SECTIONS:
        if section.key == GOALS:
            continue
        if section.key in ACTIVITIES:
            items = [i for i in plan.items(section.key) if isinstance(i, dict)]
            activities += [_activity(section, item) for item in items]
            continue
        lines = _lines(section, plan.content)
        if lines:
            notes.append({"text": "\n".join([f"{section.title}:", *(f"- {x}" for x in lines)])})
    if review is not None:
        notes.append(_review_note(review))
    resource: dict[str, Any] = {
        "resourceType": "CarePlan",
        "meta": {**codes.part_2_meta(), "versionId": str(plan.revision)},
        "status": "active" if plan.revision else "draft",
        "intent": "plan",
        "title": _("My relapse-prevention plan"),
        "description": _("Version %(version)s, %(finished)s of %(total)s parts finished.")
        % {"version": plan.revision, "finished": plan.finished_count, "total": plan.section_count},
        "subject": codes.ref(patient),
        "created": codes.instant(plan.created_at),
        "author": codes.ref(patient),
        "goal": [codes.ref(url) for url in goal_urls],
        "activity": activities,
        "note": notes,
    }
    return {key: value for key, value in resource.items() if value != []}
