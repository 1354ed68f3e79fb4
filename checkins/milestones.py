"""Milestones since the day a member's recovery began: counted on the calendar, never reset.

A return to use does not move the start date, so it never takes a milestone away: the
days since you began stay the days since you began.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import ngettext


class Unit(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class Milestone:
    count: int
    unit: Unit
    on: date  # the day it is reached

    @property
    def label(self) -> str:
        """'90 days', '6 months', '1 year': in the member's language."""
        words = {
            Unit.DAY: ngettext("%(count)d day", "%(count)d days", self.count),
            Unit.WEEK: ngettext("%(count)d week", "%(count)d weeks", self.count),
            Unit.MONTH: ngettext("%(count)d month", "%(count)d months", self.count),
            Unit.YEAR: ngettext("%(count)d year", "%(count)d years", self.count),
        }
        return words[self.unit] % {"count": self.count}


# The early steps, then each year after: 1 day, 1 week, 30, 60, 90 days, 6 months, 1 year.
EARLY: tuple[tuple[int, Unit], ...] = (
    (1, Unit.DAY),
    (1, Unit.WEEK),
    (30, Unit.DAY),
    (60, Unit.DAY),
    (90, Unit.DAY),
    (6, Unit.MONTH),
)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later; the month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _reached_on(began: date, count: int, unit: Unit) -> date:
    if unit is Unit.DAY:
        return began + timedelta(days=count)
    if unit is Unit.WEEK:
        return began + timedelta(weeks=count)
    return add_months(began, count * (12 if unit is Unit.YEAR else 1))


def _all_from(began: date, years: int) -> list[Milestone]:
    steps = [*EARLY, *((n, Unit.YEAR) for n in range(1, years + 1))]
    return [Milestone(count, unit, _reached_on(began, count, unit)) for count, unit in steps]


def reached(began: date, today: date) -> list[Milestone]:
    """Every milestone from `began` up to and including `today`, oldest first."""
    if began >= today:
        return []
    return [m for m in _all_from(began, today.year - began.year) if m.on <= today]


def latest(began: date, today: date) -> Milestone | None:
    """The most recent milestone reached (it stays until the next one comes)."""
    done = reached(began, today)
    return done[-1] if done else None


def upcoming(began: date, today: date) -> Milestone:
    """The next milestone after `today`: there always is one."""
    return next(m for m in _all_from(began, today.year - began.year + 1) if m.on > today)


@dataclass(frozen=True)
class Recovery:
    """What the pages say about the time since a member began."""

    began: date
    days: int  # whole days since the day they began (0 on that day)
    latest: Milestone | None
    next: Milestone


def recovery(began: date | None, today: date) -> Recovery | None:
    if began is None:
        return None
    return Recovery(
        began, max(0, (today - began).days), latest(began, today), upcoming(began, today)
    )
