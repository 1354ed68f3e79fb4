"""A small server-drawn SVG chart of HALT total and craving (no script, no third party)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

WIDTH, HEIGHT, PAD = 640, 200, 24
HALT_MAX, CRAVING_MAX = 12, 10


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


def _x(day: date, start: date, days: int) -> float:
    span = max(days - 1, 1)
    return round(PAD + (day - start).days * (WIDTH - 2 * PAD) / span, 1)


def _y(value: float, top: float) -> float:
    return round(HEIGHT - PAD - value * (HEIGHT - 2 * PAD) / top, 1)


def build(
    rows: Iterable[tuple[date, int, int]], use_days: Iterable[date], end: date, days: int = 90
) -> Chart:
    """rows: (day, HALT total, craving) for each check-in; one line each, own scale."""
    start = end - timedelta(days=days - 1)
    rows = sorted(r for r in rows if start <= r[0] <= end)
    halt = " ".join(f"{_x(d, start, days)},{_y(h, HALT_MAX)}" for d, h, _ in rows)
    craving = " ".join(f"{_x(d, start, days)},{_y(c, CRAVING_MAX)}" for d, _, c in rows)
    marks = [
        (_x(d, start, days), d.isoformat()) for d in sorted(set(use_days)) if start <= d <= end
    ]
    return Chart(WIDTH, HEIGHT, halt, craving, marks, start, end, days)
