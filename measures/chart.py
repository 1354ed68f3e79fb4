"""A server-drawn SVG of a member's BAM over time (the check-ins' chart approach, no script).

Risk and protective factors share the 0-24 scale and its cut-off line at 12; results with
any use are marked. The client page's table beside it has the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from measures import bam
from measures.models import BamResult

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 24, 36
FONT = 15
SCALE = bam.SUBSCALES[bam.RISK].maximum  # 24, as protective factors


@dataclass(frozen=True)
class Chart:
    risk_points: str
    protective_points: str
    use_marks: list[tuple[float, date]]
    cutoff_y: float
    ticks: list[tuple[float, int]]
    first: date
    last: date
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    font: int = FONT


def _y(value: int) -> float:
    return round(HEIGHT - BOTTOM - value * (HEIGHT - BOTTOM - TOP) / SCALE, 1)


def build(results: Sequence[BamResult]) -> Chart | None:
    """The chart of `results` (any order); None for fewer than two (no line to draw)."""
    ordered = sorted(results, key=lambda r: (r.local_date, r.completed_at))
    if len(ordered) < 2:
        return None
    first, last = ordered[0].local_date, ordered[-1].local_date
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return round(LEFT + (day - first).days * (WIDTH - RIGHT - LEFT) / span, 1)

    def points(key: str) -> str:
        return " ".join(f"{x(r.local_date)},{_y(getattr(r, key))}" for r in ordered)

    return Chart(
        risk_points=points(bam.RISK),
        protective_points=points(bam.PROTECTIVE),
        use_marks=[(x(r.local_date), r.local_date) for r in ordered if r.use > 0],
        cutoff_y=_y(bam.SUBSCALES[bam.RISK].cutoff),
        ticks=[(_y(v), v) for v in (0, 6, 12, 18, 24)],
        first=first,
        last=last,
    )
