"""What of a reflection on a return to use becomes which plan line, and whether it is there.

"Add the trigger to my plan" adds one line; the report page shows "Added" once the plan
has it, and a second press (or a second tap) adds nothing more. Both ask `in_plan`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checkins.models import UseReport
from core.stages import Stage
from plans.sections import BY_KEY, TRIGGER_KINDS

# Which part of the reflection becomes which kind of plan line. A trigger's kind (inside
# me or around me) is the member's to say: the POSTed `kind`, one of TRIGGER_KINDS.
LESSONS: dict[str, tuple[str, Callable[[UseReport, str], dict[str, Any]]]] = {
    "trigger": ("triggers", lambda r, kind: {"text": r.trigger, "kind": kind, "note": ""}),
    "warning_sign": (
        "warning_signs",
        lambda r, kind: {"text": r.dropped_routine, "stage": Stage.EMOTIONAL},
    ),
    "action": (
        "actions",
        lambda r, kind: {
            "text": r.trigger or r.before[:200],
            "then": r.will_change[:200],
            "who": "",
        },
    ),
}
TRIGGER_KIND_KEYS = {key for key, _label in TRIGGER_KINDS}


def _same(a: Any, b: Any) -> bool:
    return " ".join(str(a or "").split()).casefold() == " ".join(str(b or "").split()).casefold()


def in_plan(content: dict[str, Any], key: str, item: dict[str, Any]) -> bool:
    """Has the section a line with this line's main words already (however spaced or cased)?"""
    main = BY_KEY[key].main.name
    lines = content.get(key)
    return isinstance(lines, list) and any(_same(line.get(main), item[main]) for line in lines)


def added_lessons(report: UseReport, content: dict[str, Any]) -> set[str]:
    """The lessons of this report the plan already holds: shown as "Added", not offered."""
    added = set()
    for lesson, (key, make) in LESSONS.items():
        item = make(report, "")
        if item["text"] and in_plan(content, key, item):
            added.add(lesson)
    return added
