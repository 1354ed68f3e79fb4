"""Counting days without shame: sober runs, totals and the local day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from django.utils import timezone


def local_date(tz_name: str, at: datetime | None = None) -> date:
    """The calendar day it is (or was, at `at`) where the member lives."""
    return timezone.localdate(at or timezone.now(), ZoneInfo(tz_name))


class DayAnswer(Protocol):
    """A check-in as far as days of use go (checkins.models.CheckIn)."""

    local_date: date
    used_today: bool


def days_with_use(report_days: Iterable[date], checkins: Iterable[DayAnswer]) -> set[date]:
    """The days with use: a report of use on the day, or that day's check-in said yes.

    The one definition: the counters, the chart, its table and the history rows all ask it.
    """
    return set(report_days) | {c.local_date for c in checkins if c.used_today}


@dataclass(frozen=True)
class Run:
    start: date
    end: date  # inclusive: the last sober day of the run
    current: bool = False

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Progress:
    sober_days: int
    current_run: int
    longest_run: int
    runs: list[Run]


def sober_runs(start: date, use_days: Iterable[date], today: date) -> Progress:
    """Runs of days without use from `start` to `today`.

    A day with use ends a run; every sober day before it still counts in the
    total. A return to use never erases the days that came before it.
    """
    used = sorted({d for d in use_days if start <= d <= today})
    runs: list[Run] = []
    run_start = start
    for day in used:
        if day > run_start:
            runs.append(Run(run_start, day - timedelta(days=1)))
        run_start = day + timedelta(days=1)
    if run_start <= today:
        runs.append(Run(run_start, today, current=True))
    current = runs[-1].days if runs and runs[-1].current else 0
    return Progress(
        sober_days=sum(run.days for run in runs),
        current_run=current,
        longest_run=max((run.days for run in runs), default=0),
        runs=runs,
    )
