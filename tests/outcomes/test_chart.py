"""The bar chart: percentages on 0-100, changes below zero drawn under the zero line."""

from __future__ import annotations

from datetime import date

from outcomes import chart

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def test_a_percentage_fills_its_share_of_the_height():
    drawn = chart.build([(JAN, 100.0), (FEB, 50.0), (MAR, None)], percent=True)
    full, half, none = drawn.bars
    assert full.height == 2 * half.height
    assert none.value is None and none.height == 0


def test_a_fall_is_drawn_under_the_zero_line_with_its_number_below_it():
    drawn = chart.build([(JAN, 2.0), (FEB, -2.0)])
    up, down = drawn.bars
    assert up.y + up.height == drawn.zero_y == down.y
    assert down.label_y > down.y + down.height
    # The number under the lowest bar stays above the month names.
    assert down.label_y < drawn.month_y - chart.FONT


def test_a_month_without_a_bar_draws_its_mark_or_a_dash():
    drawn = chart.build([(JAN, None), (FEB, None), (MAR, 1.0)], marks=["<11", "", ""])
    assert [b.mark for b in drawn.bars[:2]] == ["<11", chart.DASH]
