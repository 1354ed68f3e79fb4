"""Days without use are counted without shame; the day is the member's own local day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from checkins.progress import local_date, sober_runs


def test_a_lapse_ends_a_run_but_never_erases_the_days_before_it():
    progress = sober_runs(date(2026, 1, 1), [date(2026, 1, 11)], today=date(2026, 1, 20))
    assert [(r.start, r.end, r.days) for r in progress.runs] == [
        (date(2026, 1, 1), date(2026, 1, 10), 10),
        (date(2026, 1, 12), date(2026, 1, 20), 9),
    ]
    assert (progress.sober_days, progress.current_run, progress.longest_run) == (19, 9, 10)


def test_use_today_means_the_current_run_is_zero_and_repeated_days_count_once():
    progress = sober_runs(
        date(2026, 1, 1),
        [date(2026, 1, 5), date(2026, 1, 5), date(2026, 1, 6)],
        today=date(2026, 1, 6),
    )
    assert progress.current_run == 0
    assert progress.sober_days == 4
    assert [r.days for r in progress.runs] == [4]


def test_no_use_at_all_is_one_run_to_today():
    progress = sober_runs(date(2026, 3, 1), [], today=date(2026, 3, 1))
    assert (progress.sober_days, progress.current_run, progress.longest_run) == (1, 1, 1)


def test_use_on_the_very_first_day():
    progress = sober_runs(date(2026, 3, 1), [date(2026, 3, 1)], today=date(2026, 3, 3))
    assert [(r.start, r.days, r.current) for r in progress.runs] == [(date(2026, 3, 2), 2, True)]


def test_half_past_eleven_in_los_angeles_is_still_that_day():
    at = datetime(2026, 6, 15, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert local_date("America/Los_Angeles", at) == date(2026, 6, 15)
    assert local_date("America/New_York", at) == date(2026, 6, 16)


def test_dst_change_days_keep_their_local_date():
    # 2026-03-08 (spring forward) and 2026-11-01 (fall back) in the US.
    spring = datetime(2026, 3, 8, 23, 59, tzinfo=ZoneInfo("America/Chicago"))
    fall = datetime(2026, 11, 1, 1, 30, tzinfo=ZoneInfo("America/Chicago"), fold=1)
    assert local_date("America/Chicago", spring) == date(2026, 3, 8)
    assert local_date("America/Chicago", fall) == date(2026, 11, 1)
