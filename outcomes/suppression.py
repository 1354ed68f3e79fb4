"""Small cells: no figure may single out a handful of people.

A cell that stands for fewer than settings.WAYPOINT_SMALL_CELL people (11 by default, the
CMS cell-size rule) is hidden, whatever its value (0 of 3 attended is about 3 people): the
page says "fewer than 11", the CSV leaves it blank. A cell of nobody (0 people) is shown:
it names no one. For a share of people the smaller side counts too (3 of 40 retained
hides, as does 37 of 40: it says 3 were not).

Hiding one cell is not enough when others give it away (complementary suppression):
- a total and its parts in the same month (figures.ADDITIVE: the alerts of each stage and
  all alerts): when exactly one part is hidden and the total is shown, the next smallest
  part is hidden too, or the total when no part is left; repeated until stable;
- a cell worked out from others (figures.LINKED): when it is hidden, so are they.
Months are never totalled across, on the page or in the CSV, so no column gives a hidden
cell away by subtraction either.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from django.conf import settings

from outcomes.figures import ADDITIVE, LINKED, Cell


class Hidden(StrEnum):
    SMALL = "small"  # fewer than the threshold of people
    COMPLEMENTARY = "complementary"  # would give a small cell away


def threshold() -> int:
    return int(settings.WAYPOINT_SMALL_CELL)


def is_small(cell: Cell, k: int) -> bool:
    """A cell about 1 to k-1 people hides whatever its value: 0 of 3, or 3 of 3, still
    says something about 3 people. A share whose other side is 1 to k-1 hides too."""
    return 0 < cell.people < k or (cell.least is not None and 0 < cell.least < k)


def suppress(cells: Iterable[Cell], k: int | None = None) -> dict[tuple[str, date], Hidden]:
    """Which cells to hide, and why: (figure, month) -> Hidden. Cells not named are shown."""
    k = threshold() if k is None else k
    by_key = {(c.figure, c.month): c for c in cells}
    hidden = {key: Hidden.SMALL for key, cell in by_key.items() if is_small(cell, k)}
    months = sorted({month for _, month in by_key})
    changed = True
    while changed:
        changed = False
        for month in months:
            for total, parts in ADDITIVE:
                changed |= _cover_total(by_key, hidden, month, total, parts)
            for source, givers in LINKED:
                if (source, month) not in hidden:
                    continue
                for giver in givers:
                    if (giver, month) in by_key and (giver, month) not in hidden:
                        hidden[(giver, month)] = Hidden.COMPLEMENTARY
                        changed = True
    return hidden


def _cover_total(
    by_key: dict[tuple[str, date], Cell],
    hidden: dict[tuple[str, date], Hidden],
    month: date,
    total: str,
    parts: tuple[str, ...],
) -> bool:
    """Hide one more cell when total - shown parts would give a single hidden part away."""
    if (total, month) not in by_key or (total, month) in hidden:
        return False
    present = [(p, month) for p in parts if (p, month) in by_key]
    if sum(key in hidden for key in present) != 1:
        return False
    shown = [key for key in present if key not in hidden]
    if shown:
        # The smallest shown part: hiding it loses the least.
        pick = min(shown, key=lambda key: (by_key[key].value or 0, by_key[key].people, key[0]))
    else:
        pick = (total, month)
    hidden[pick] = Hidden.COMPLEMENTARY
    return True
