"""The trend chart is drawn on the server from the check-ins themselves."""

from __future__ import annotations

from datetime import date, timedelta

from checkins import chart


def test_points_run_left_to_right_and_scale_to_their_own_maximum():
    end = date(2026, 5, 14)
    rows = [(end - timedelta(days=13), 0, 0), (end, 12, 10)]
    drawn = chart.build(rows, [end - timedelta(days=6)], end, days=14)
    assert drawn.halt_points == "24.0,176.0 616.0,24.0"
    assert drawn.craving_points == "24.0,176.0 616.0,24.0"
    [(x, day)] = drawn.use_marks
    assert 24 < x < 616 and day == "2026-05-08"


def test_days_outside_the_window_are_left_out():
    end = date(2026, 5, 14)
    drawn = chart.build(
        [(end - timedelta(days=30), 5, 5)], [end - timedelta(days=30)], end, days=14
    )
    assert drawn.halt_points == "" and drawn.use_marks == []
