"""The BAM chart (measures/chart.py): risk and protective on one 0-24 scale, the cut-off
line, and the results with use marked."""

from __future__ import annotations

from datetime import date, datetime

from measures.chart import build
from measures.models import BamResult


def _result(day: int, use: int, risk: int, protective: int) -> BamResult:
    on = date(2026, 5, day)
    return BamResult(
        local_date=on,
        completed_at=datetime(2026, 5, day, 12),
        use=use,
        risk=risk,
        protective=protective,
        satisfaction=2,
    )


def test_one_result_draws_no_line():
    assert build([_result(1, 0, 5, 20)]) is None


def test_the_lines_share_a_scale_with_the_cut_off_and_use_is_marked():
    chart = build([_result(15, 1, 24, 0), _result(1, 0, 0, 24), _result(8, 0, 12, 12)])
    assert chart is not None
    # x from 40 to 464 over 14 days; y from 184 (0) to 24 (24): 12 is at 104.
    assert chart.risk_points == "40.0,184.0 252.0,104.0 464.0,24.0"
    assert chart.protective_points == "40.0,24.0 252.0,104.0 464.0,184.0"
    assert chart.cutoff_y == 104.0
    assert chart.use_marks == [(464.0, date(2026, 5, 15))]
    assert (chart.first, chart.last) == (date(2026, 5, 1), date(2026, 5, 15))
