"""Server-drawn SVG charts of check-ins (no script, no third party).

The trend chart: HALT total and craving with a date axis and a value axis for each, days
with use marked, and the same numbers as a table for anyone who cannot read the picture.
The sparkline: a client's craving and HALT (how many of the four states were "quite" or
"very") over the last two weeks, small enough for a caseload row.
Which days had use is decided by checkins.progress.days_with_use, never here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

# Drawn at roughly the size it is shown on a phone (the viewBox scales to the column), so
# labels of FONT units stay readable there: about 12 px on a 390 px wide phone.
WIDTH, HEIGHT = 480, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 44, 28, 40
FONT = 15
HALT_MAX, CRAVING_MAX = 12, 10
DATE_TICKS = 4


@dataclass(frozen=True)
class Tick:
    at: float  # x for a date, y for a value
    label: str


@dataclass(frozen=True)
class ChartDay:
    """One day of the chart, as its table alternative lists it."""

    day: date
    halt: int | None
    craving: int | None
    used: bool


@dataclass
class Chart:
    width: int
    height: int
    halt_points: str
    craving_points: str
    use_marks: list[tuple[float, str]]
    start: date
    end: date
    days: int
    date_ticks: list[tuple[float, date]]
    halt_ticks: list[Tick]
    craving_ticks: list[Tick]
    rows: list[ChartDay]  # every day with a check-in or a use, oldest first
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    font: int = FONT


def _x(day: date, start: date, days: int) -> float:
    span = max(days - 1, 1)
    return round(LEFT + (day - start).days * (WIDTH - LEFT - RIGHT) / span, 1)


def _y(value: float, top: float) -> float:
    return round(HEIGHT - BOTTOM - value * (HEIGHT - TOP - BOTTOM) / top, 1)


def _date_ticks(start: date, days: int) -> list[tuple[float, date]]:
    offsets = sorted({round(i * (days - 1) / (DATE_TICKS - 1)) for i in range(DATE_TICKS)})
    return [
        (_x(start + timedelta(days=n), start, days), start + timedelta(days=n)) for n in offsets
    ]


def _value_ticks(top: int) -> list[Tick]:
    # Bottom, middle and top: 0, 6, 12 for HALT and 0, 5, 10 for craving share gridlines.
    return [Tick(_y(v, top), str(v)) for v in (0, top // 2, top)]


def build(
    rows: Iterable[tuple[date, int, int]], use_days: Collection[date], end: date, days: int = 90
) -> Chart:
    """rows: (day, HALT total, craving) for each check-in; one line each, own scale."""
    start = end - timedelta(days=days - 1)
    rows = sorted(r for r in rows if start <= r[0] <= end)
    used = {d for d in use_days if start <= d <= end}
    halt = " ".join(f"{_x(d, start, days)},{_y(h, HALT_MAX)}" for d, h, _ in rows)
    craving = " ".join(f"{_x(d, start, days)},{_y(c, CRAVING_MAX)}" for d, _, c in rows)
    marks = [(_x(d, start, days), d.isoformat()) for d in sorted(used)]
    by_day: dict[date, tuple[int | None, int | None]] = {d: (h, c) for d, h, c in rows}
    table = [
        ChartDay(d, *by_day.get(d, (None, None)), used=d in used)
        for d in sorted(set(by_day) | used)
    ]
    return Chart(
        WIDTH,
        HEIGHT,
        halt,
        craving,
        marks,
        start,
        end,
        days,
        _date_ticks(start, days),
        _value_ticks(HALT_MAX),
        _value_ticks(CRAVING_MAX),
        table,
    )


# --- The caseload's sparkline -------------------------------------------------------------

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD, SPARK_DAYS = 112, 28, 3, 14


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: str
    use_marks: list[float]
    checkins: int  # days with a check-in in the window
    highest: int | None  # the highest craving in the window
    use_count: int  # days with use in the window
    days: int = SPARK_DAYS
    halt_points: str = ""
    halt_highest: int | None = None  # the most HALT states "quite" or "very" on one day


HALT_STATES = 4  # the sparkline's HALT line: how many of the four, 0 to 4


def spark_start(end: date) -> date:
    """The first of the SPARK_DAYS days a sparkline shows, up to and including `end`."""
    return end - timedelta(days=SPARK_DAYS - 1)


def sparkline(
    cravings: Iterable[tuple[date, int]],
    use_days: Collection[date],
    end: date,
    halts: Iterable[tuple[date, int]] = (),
) -> Sparkline:
    """Craving (0-10) and HALT states (0-4) on each of the last SPARK_DAYS days up to `end`,
    and days with use; each line on its own scale."""
    start = spark_start(end)
    shown = sorted((d, c) for d, c in cravings if start <= d <= end)
    halt = sorted((d, h) for d, h in halts if start <= d <= end)
    used = sorted(d for d in set(use_days) if start <= d <= end)
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / (SPARK_DAYS - 1)
    inner = SPARK_HEIGHT - 2 * SPARK_PAD

    def x(day: date) -> float:
        return round(SPARK_PAD + (day - start).days * step, 1)

    def line(values: list[tuple[date, int]], top: int) -> str:
        return " ".join(
            f"{x(d)},{round(SPARK_HEIGHT - SPARK_PAD - v * inner / top, 1)}" for d, v in values
        )

    return Sparkline(
        SPARK_WIDTH,
        SPARK_HEIGHT,
        line(shown, CRAVING_MAX),
        [x(d) for d in used],
        checkins=len(shown),
        highest=max((c for _, c in shown), default=None),
        use_count=len(used),
        halt_points=line(halt, HALT_STATES),
        halt_highest=max((h for _, h in halt), default=None),
    )
