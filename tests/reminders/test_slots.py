"""The slot maths (reminders.slots): pieces of local wall-clock time, due instants and quiet
hours. Pure functions: no database."""

from __future__ import annotations

from datetime import date, time

import pytest

from reminders import slots as slot_maths
from reminders.slots import END_OF_DAY, Piece
from tests.reminders.helpers import (
    GRACE,
    MONDAY,
    NY,
    NY_SEVEN_PM,
    utc,
)


@pytest.mark.parametrize(
    ("tz", "since", "now", "expected"),
    [
        pytest.param(
            NY,
            utc(2026, 6, 15, 22, 59),
            NY_SEVEN_PM,
            [Piece(NY, MONDAY, time(18, 59), time(19, 0), False)],
            id="ordinary-minute",
        ),
        pytest.param(
            "Asia/Kolkata",
            utc(2026, 6, 15, 13, 29),
            utc(2026, 6, 15, 13, 30),
            [Piece("Asia/Kolkata", MONDAY, time(18, 59), time(19, 0), False)],
            id="kolkata-plus-five-thirty",
        ),
        pytest.param(
            NY,
            utc(2026, 6, 16, 3, 59),
            utc(2026, 6, 16, 4, 1),
            [
                Piece(NY, MONDAY, time(23, 59), END_OF_DAY, False),
                Piece(NY, date(2026, 6, 16), None, time(0, 1), False),
            ],
            id="across-local-midnight",
        ),
        pytest.param(
            NY,
            utc(2026, 6, 15, 20, 0),
            NY_SEVEN_PM,
            [
                Piece(NY, MONDAY, time(16, 0), time(17, 0), True),
                Piece(NY, MONDAY, time(17, 0), time(19, 0), False),
            ],
            id="three-hours-split-at-the-grace-cutoff",
        ),
        pytest.param(
            NY,
            utc(2026, 6, 15, 21, 30),
            NY_SEVEN_PM,
            [Piece(NY, MONDAY, time(17, 30), time(19, 0), False)],
            id="ninety-minutes-all-within-grace",
        ),
        pytest.param(
            NY,
            utc(2026, 3, 8, 6, 59),
            utc(2026, 3, 8, 7, 0),
            [Piece(NY, date(2026, 3, 8), time(1, 59), time(3, 0), False)],
            id="spring-forward-minute-jumps-over-two-oclock",
        ),
        pytest.param(
            NY,
            utc(2026, 11, 1, 6, 0),
            utc(2026, 11, 1, 6, 1),
            [Piece(NY, date(2026, 11, 1), time(1, 0), time(1, 1), False)],
            id="fall-back-second-pass-of-the-repeated-hour",
        ),
        pytest.param(
            NY,
            utc(2026, 11, 1, 5, 50),
            utc(2026, 11, 1, 6, 10),
            [Piece(NY, date(2026, 11, 1), time(1, 50), END_OF_DAY.replace(hour=1), False)],
            id="fall-back-outage-keeps-the-minutes-before-the-clocks-went-back",
        ),
        pytest.param(NY, NY_SEVEN_PM, NY_SEVEN_PM, [], id="empty-window"),
    ],
)
def test_pieces(tz, since, now, expected):
    assert slot_maths.pieces(tz, since, now, GRACE) == expected


def test_a_piece_from_midnight_holds_midnight_and_an_open_piece_does_not_hold_its_start():
    after_midnight = Piece(NY, MONDAY, None, time(0, 1), False)
    assert after_midnight.holds(time(0, 0))
    assert after_midnight.holds(time(0, 1))
    assert not after_midnight.holds(time(0, 2))
    minute = Piece(NY, MONDAY, time(18, 59), time(19, 0), False)
    assert not minute.holds(time(18, 59))
    assert minute.holds(time(19, 0))


@pytest.mark.parametrize(
    ("day", "at", "tz", "expected"),
    [
        (MONDAY, time(19, 0), NY, utc(2026, 6, 15, 23, 0)),
        (MONDAY, time(19, 0), "Asia/Kolkata", utc(2026, 6, 15, 13, 30)),
        # 02:30 does not exist on 2026-03-08 in New York: the next valid minute is 03:00 EDT.
        (date(2026, 3, 8), time(2, 30), NY, utc(2026, 3, 8, 7, 0)),
        # 01:30 happens twice on 2026-11-01: the first time (EDT) is the slot's time.
        (date(2026, 11, 1), time(1, 30), NY, utc(2026, 11, 1, 5, 30)),
        # Lord Howe moves by half an hour: 02:15 is skipped on 2026-10-04 (02:00 -> 02:30).
        (date(2026, 10, 4), time(2, 15), "Australia/Lord_Howe", utc(2026, 10, 3, 15, 30)),
    ],
)
def test_due_instant(day, at, tz, expected):
    assert slot_maths.due_instant(day, at, tz) == expected


@pytest.mark.parametrize(
    ("at", "quiet_from", "quiet_until", "quiet"),
    [
        (time(19, 0), None, None, False),
        (time(19, 0), time(19, 0), time(19, 0), False),
        (time(13, 0), time(12, 0), time(14, 0), True),
        (time(12, 0), time(12, 0), time(14, 0), True),
        (time(14, 0), time(12, 0), time(14, 0), False),
        (time(23, 30), time(22, 0), time(7, 0), True),
        (time(6, 59), time(22, 0), time(7, 0), True),
        (time(7, 0), time(22, 0), time(7, 0), False),
        (time(19, 0), time(22, 0), time(7, 0), False),
    ],
)
def test_quiet_hours_may_cross_midnight(at, quiet_from, quiet_until, quiet):
    assert slot_maths.in_quiet_hours(at, quiet_from, quiet_until) is quiet
