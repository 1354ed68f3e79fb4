"""The levels of care a member may ask for, each with a plain explanation.

The levels themselves are the plan's (plans.sections.CARE_LEVELS, highest intensity
first, DOMAIN.md "Levels of care"): one list for the plan's care-level part, the member's
request and the counselor's recommendation. A member may also ask without knowing which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from plans.models import Plan
from plans.sections import BY_KEY, CARE_LEVELS, Text, label_for

NOT_SURE = "not_sure"

EXPLANATIONS: dict[str, Text] = {
    "detox": _("Medical help through withdrawal, usually for a few days up to about two weeks."),
    "residential": _("Living at a treatment center for a while, commonly 30 to 90 days."),
    "php": _("Treatment for several hours a day, 3 to 5 days a week, going home in the evening."),
    "iop": _("A few hours of treatment several times a week, while you keep up daily life."),
    "outpatient": _("Regular sessions with a counselor, often once a week."),
    "sober_living": _("A shared home with other people in recovery, with house rules and support."),
    "peer_support": _(
        "Meetings such as Narcotics Anonymous, peers to call, and the alumni program."
    ),
    NOT_SURE: _("Your care team can help you work out what would fit."),
}

REQUEST_LEVELS: list[tuple[str, Text]] = [*CARE_LEVELS, (NOT_SURE, _("I'm not sure, let's talk"))]


@dataclass(frozen=True)
class Level:
    value: str
    label: Text
    explanation: Text


def level_options(choices: Sequence[tuple[str, Text]]) -> list[Level]:
    """The choices of a radio group with the explanation each shows under its label."""
    return [Level(value, label, EXPLANATIONS.get(value, "")) for value, label in choices]


def label_of(value: str) -> str:
    return str(dict(REQUEST_LEVELS).get(value, value))


def current_level(plan: Plan | None) -> str:
    """The level of care the plan's care-level part names, in words ("" when not written)."""
    level = plan.answers("care_level").get("level", "") if plan else ""
    return label_for(BY_KEY["care_level"], "level", level) if level else ""
