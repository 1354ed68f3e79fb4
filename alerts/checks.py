"""The alert settings, checked at start (`manage.py check`, runserver, migrate).

Settings cannot import the rules before the apps load, so these run as system checks: a
wrong key or value stops the start with a message that names it, instead of a threshold
that is silently ignored or a worker that crashes on its first check-in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

from alerts.rules import DEFAULT_RULES
from core.stages import Stage


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def warning_rules(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    rules = settings.WAYPOINT_WARNING_RULES
    if not isinstance(rules, dict):
        return [
            Error(
                f"WAYPOINT_WARNING_RULES must be a JSON object, not {type(rules).__name__}.",
                hint='For example {"craving_high": 8}.',
                id="alerts.E001",
            )
        ]
    known = ", ".join(sorted(DEFAULT_RULES))
    errors: list[CheckMessage] = []
    for key, value in rules.items():
        if key not in DEFAULT_RULES:
            errors.append(
                Error(
                    f"WAYPOINT_WARNING_RULES has an unknown key {key!r}.",
                    hint=f"Known keys: {known}.",
                    id="alerts.E002",
                )
            )
        elif not _whole_number(value):
            errors.append(
                Error(
                    f"WAYPOINT_WARNING_RULES[{key!r}] must be a whole number of 1 or more, "
                    f"not {value!r}.",
                    hint=f"The default is {DEFAULT_RULES[key]}.",
                    id="alerts.E003",
                )
            )
    return errors


def escalation_times(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    after = settings.WAYPOINT_ESCALATE_AFTER
    stages = ", ".join(Stage.values)
    if not isinstance(after, dict) or set(after) != set(Stage.values):
        return [
            Error(
                "WAYPOINT_ESCALATE_AFTER must give minutes for each stage and nothing else.",
                hint=f"Stages: {stages}.",
                id="alerts.E004",
            )
        ]
    return [
        Error(
            f"WAYPOINT_ESCALATE_{Stage(stage).name}_MINUTES must be a whole number of 1 or "
            f"more, not {minutes!r}.",
            id="alerts.E005",
        )
        for stage, minutes in after.items()
        if not _whole_number(minutes)
    ]
