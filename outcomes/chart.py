"""A server-drawn SVG bar chart of one figure over the months (no script, no third party).

Like alumni/engagement.py's chart: bars with their numbers, every month named under its
bar (three letters fit even on a phone), and the page's table below as the text
alternative. A hidden cell or a month with nobody
to count is drawn as no bar with a mark instead, never as a zero: "<11" (too few people),
"*" (hidden so as not to give a small one away) or a dash (nobody to count).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

# Drawn at roughly the size it is shown on a phone (the viewBox scales to the column).
WIDTH, HEIGHT, PAD, LABEL = 480, 200, 16, 20
FONT = 14
DASH = "\N{EN DASH}"  # a month with nobody to count


@dataclass(frozen=True)
class Bar:
    month: date
    value: float | None  # None: hidden or nothing to show
    mark: str  # drawn instead of a bar when value is None
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    zero_y: float
    top: float
    bottom: float
    font: int = FONT

    @property
    def month_y(self) -> int:
        return self.height - 4

    @property
    def dash_y(self) -> float:
        return round(self.zero_y - 4, 1)


def build(
    points: Sequence[tuple[date, float | None]],
    *,
    percent: bool = False,
    marks: Sequence[str] | None = None,
) -> BarChart:
    """points: (month, value or None) oldest first; marks: what to draw for each point
    without a value (a dash when not given). Percentages run 0-100; other figures from the
    lower of 0 and their least value to the higher of 0 and their greatest."""
    values = [v for _, v in points if v is not None]
    top = 100.0 if percent else max([0.0, *values])
    bottom = 0.0 if percent else min([0.0, *values])
    span = (top - bottom) or 1.0
    # Room for a number above the highest bar, and below the lowest when it goes under 0.
    plot_top = PAD + LABEL
    plot_bottom = HEIGHT - PAD - LABEL - (LABEL if bottom < 0 else 0)
    scale = (plot_bottom - plot_top) / span

    def y(value: float) -> float:
        return round(plot_bottom - (value - bottom) * scale, 1)

    zero = y(0.0)
    slot = (WIDTH - 2 * PAD) / max(len(points), 1)
    bars = []
    for index, (month, value) in enumerate(points):
        x = PAD + index * slot
        end = y(value) if value is not None else zero
        upper, lower = min(end, zero), max(end, zero)
        below = value is not None and value < 0
        bars.append(
            Bar(
                month=month,
                value=value,
                mark=(marks[index] if marks else "") or DASH,
                x=round(x + slot * 0.15, 1),
                y=upper,
                width=round(slot * 0.7, 1),
                height=round(lower - upper, 1),
                label_x=round(x + slot / 2, 1),
                # The number sits above a bar, or below one that goes under zero.
                label_y=round(lower + FONT if below else upper - 4, 1),
            )
        )
    return BarChart(WIDTH, HEIGHT, bars, zero, top, bottom)
