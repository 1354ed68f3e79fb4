"""Milestones count on the calendar from the day a member began, and are never reset."""

from __future__ import annotations

from datetime import date

import pytest

from checkins.milestones import add_months, latest, reached, recovery, upcoming

BEGAN = date(2026, 1, 31)


@pytest.mark.parametrize(
    ("today", "latest_label", "next_label", "next_on"),
    [
        (date(2026, 1, 31), None, "1 day", date(2026, 2, 1)),
        (date(2026, 2, 1), "1 day", "1 week", date(2026, 2, 7)),
        (date(2026, 2, 6), "1 day", "1 week", date(2026, 2, 7)),
        (date(2026, 2, 7), "1 week", "30 days", date(2026, 3, 2)),
        (date(2026, 3, 2), "30 days", "60 days", date(2026, 4, 1)),
        (date(2026, 4, 1), "60 days", "90 days", date(2026, 5, 1)),
        (date(2026, 5, 1), "90 days", "6 months", date(2026, 7, 31)),
        (date(2026, 7, 30), "90 days", "6 months", date(2026, 7, 31)),
        (date(2026, 7, 31), "6 months", "1 year", date(2027, 1, 31)),
        (date(2027, 1, 31), "1 year", "2 years", date(2028, 1, 31)),
        (date(2029, 1, 30), "2 years", "3 years", date(2029, 1, 31)),
        (date(2036, 2, 1), "10 years", "11 years", date(2037, 1, 31)),
    ],
)
def test_the_latest_and_next_milestone(today, latest_label, next_label, next_on):
    found = latest(BEGAN, today)
    assert (found.label if found else None) == latest_label
    coming = upcoming(BEGAN, today)
    assert (coming.label, coming.on) == (next_label, next_on)


def test_every_milestone_of_the_first_two_years_in_order():
    assert [(m.label, m.on) for m in reached(BEGAN, date(2028, 2, 1))] == [
        ("1 day", date(2026, 2, 1)),
        ("1 week", date(2026, 2, 7)),
        ("30 days", date(2026, 3, 2)),
        ("60 days", date(2026, 4, 1)),
        ("90 days", date(2026, 5, 1)),
        ("6 months", date(2026, 7, 31)),
        ("1 year", date(2027, 1, 31)),
        ("2 years", date(2028, 1, 31)),
    ]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # no February 31st: its last day
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # a leap day's anniversary
        (date(2026, 8, 15), 6, date(2027, 2, 15)),  # across the year end
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
    ],
)
def test_months_and_years_follow_the_calendar(day, months, expected):
    assert add_months(day, months) == expected


def test_a_start_date_ahead_of_today_has_reached_nothing_yet():
    # A member who moved time zones westward can see "tomorrow" for a few hours.
    assert reached(date(2026, 3, 2), date(2026, 3, 1)) == []
    assert recovery(date(2026, 3, 2), date(2026, 3, 1)).days == 0


def test_without_a_start_date_there_is_no_recovery_to_show():
    assert recovery(None, date(2026, 3, 1)) is None


def test_the_days_since_the_start_are_whole_days_and_never_reset():
    # Nothing about use goes in: the count from the day they began is the count.
    shown = recovery(date(2026, 1, 1), date(2026, 4, 1))
    assert (shown.days, shown.latest.label, shown.next.label) == (90, "90 days", "6 months")
