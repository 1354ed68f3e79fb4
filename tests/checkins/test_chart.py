"""The trend chart is drawn on the server from the check-ins themselves."""

from __future__ import annotations

from datetime import date, timedelta

from checkins import chart


def test_points_run_left_to_right_and_scale_to_their_own_maximum():
    end = date(2026, 5, 14)
    rows = [(end - timedelta(days=13), 0, 0), (end, 12, 10)]
    drawn = chart.build(rows, [end - timedelta(days=6)], end, days=14)
    assert drawn.halt_points == "44.0,240.0 436.0,28.0"
    assert drawn.craving_points == "44.0,240.0 436.0,28.0"
    [(x, day)] = drawn.use_marks
    assert 44 < x < 436 and day == "2026-05-08"


def test_days_outside_the_window_are_left_out():
    end = date(2026, 5, 14)
    drawn = chart.build(
        [(end - timedelta(days=30), 5, 5)], [end - timedelta(days=30)], end, days=14
    )
    assert drawn.halt_points == "" and drawn.use_marks == []


def test_both_value_axes_share_gridlines_and_the_date_axis_runs_from_start_to_end():
    end = date(2026, 5, 14)
    drawn = chart.build([], [], end, days=14)
    assert [t.label for t in drawn.halt_ticks] == ["0", "6", "12"]
    assert [t.label for t in drawn.craving_ticks] == ["0", "5", "10"]
    assert [t.at for t in drawn.halt_ticks] == [t.at for t in drawn.craving_ticks]
    assert [day for _, day in drawn.date_ticks] == [
        date(2026, 5, 1),
        date(2026, 5, 5),
        date(2026, 5, 10),
        date(2026, 5, 14),
    ]
    assert drawn.date_ticks[0][0] == drawn.left and drawn.date_ticks[-1][0] == drawn.right


def test_the_table_lists_every_day_with_a_check_in_or_a_use_oldest_first():
    end = date(2026, 5, 14)
    lapse = end - timedelta(days=2)  # a report of use, and no check-in that day
    drawn = chart.build([(end, 3, 4), (end - timedelta(days=5), 6, 2)], [lapse], end, days=14)
    assert drawn.rows == [
        chart.ChartDay(end - timedelta(days=5), 6, 2, used=False),
        chart.ChartDay(lapse, None, None, used=True),
        chart.ChartDay(end, 3, 4, used=False),
    ]


def test_the_sparkline_draws_the_last_two_weeks_of_craving_and_marks_days_with_use():
    end = date(2026, 5, 14)
    cravings = [(end - timedelta(days=20), 9), (end - timedelta(days=13), 0), (end, 10)]
    line = chart.sparkline(cravings, {end - timedelta(days=1), end - timedelta(days=30)}, end)
    assert line.points == "3.0,25.0 109.0,3.0"  # the day 20 days ago is left out
    assert (line.checkins, line.highest, line.use_count) == (2, 10, 1)
    [mark] = line.use_marks
    assert 3 < mark < 109
