"""The alert settings are checked at start: each bad value names itself, the defaults pass."""

from __future__ import annotations

import pytest
from django.core.checks import ERROR, run_checks
from django.test import override_settings

from alerts.rules import DEFAULT_RULES


def _alert_errors() -> list[str]:
    return [m.msg for m in run_checks() if m.id and m.id.startswith("alerts.")]


def test_the_defaults_pass_every_check():
    # The settings were read with DEBUG=1 (make test); pytest-django runs with DEBUG off,
    # which the console SMS backend rightly refuses (tests/messaging/test_checks.py).
    with override_settings(DEBUG=True):
        assert [m for m in run_checks() if m.level >= ERROR] == []
    assert _alert_errors() == []


def test_overrides_of_known_thresholds_pass():
    with override_settings(WAYPOINT_WARNING_RULES={"craving_high": 8, "lookback_days": 21}):
        assert _alert_errors() == []
    with override_settings(WAYPOINT_WARNING_RULES={"low_mood": 1, "self_harm_days": 3}):
        assert _alert_errors() == []


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([7], "WAYPOINT_WARNING_RULES must be a JSON object, not list."),
        ({"craving_hi": 8}, "WAYPOINT_WARNING_RULES has an unknown key 'craving_hi'."),
        (
            {"halt_days": "3"},
            "WAYPOINT_WARNING_RULES['halt_days'] must be a whole number of 1 or more, not '3'.",
        ),
        (
            {"halt_days": 2.5},
            "WAYPOINT_WARNING_RULES['halt_days'] must be a whole number of 1 or more, not 2.5.",
        ),
        (
            {"medication_days": 0},
            "WAYPOINT_WARNING_RULES['medication_days'] must be a whole number of 1 or more, not 0.",
        ),
        (
            {"low_mood_days": "3"},
            "WAYPOINT_WARNING_RULES['low_mood_days'] must be a whole number of 1 or more, not '3'.",
        ),
        (
            {"lookback_days": True},
            "WAYPOINT_WARNING_RULES['lookback_days'] must be a whole number of 1 or more, not True.",
        ),
    ],
)
def test_each_bad_threshold_is_named(rules, message):
    with override_settings(WAYPOINT_WARNING_RULES=rules):
        assert _alert_errors() == [message]


def test_an_unknown_key_lists_the_known_ones():
    with override_settings(WAYPOINT_WARNING_RULES={"craving_hi": 8}):
        [error] = [m for m in run_checks() if m.id == "alerts.E002"]
    assert all(key in error.hint for key in DEFAULT_RULES)


@pytest.mark.parametrize(
    ("after", "message"),
    [
        (
            {"physical": 60, "mental": 480},
            "WAYPOINT_ESCALATE_AFTER must give minutes for each stage and nothing else.",
        ),
        (
            {"physical": 60, "mental": 480, "emotional": 1440, "spiritual": 5},
            "WAYPOINT_ESCALATE_AFTER must give minutes for each stage and nothing else.",
        ),
        (
            {"physical": -5, "mental": 480, "emotional": 1440},
            "WAYPOINT_ESCALATE_PHYSICAL_MINUTES must be a whole number of 1 or more, not -5.",
        ),
    ],
)
def test_each_bad_escalation_time_is_named(after, message):
    with override_settings(WAYPOINT_ESCALATE_AFTER=after):
        assert _alert_errors() == [message]
