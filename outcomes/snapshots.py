"""The nightly snapshot of closed months, and the cells a page shows (snapshots + live).

A closed month's figures still move (an alert opened in it is acknowledged later; a
cohort reaches day 180 months after joining), so every night recomputes all the months
shown, not only the last: replacing them is idempotent, and a page is never more than a
day behind for closed months. The current month is always computed live.
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import Program, program_today
from outcomes.figures import Cell, compute, last_months, month_of
from outcomes.models import OutcomeCell

log = logging.getLogger(__name__)

MONTHS = 12  # shown on the page and in the CSV


def _program_q(program_id: int | None) -> dict[str, object]:
    return {"program__isnull": True} if program_id is None else {"program_id": program_id}


def refresh(program_id: int | None, today: date | None = None, count: int = MONTHS) -> int:
    """Recompute the closed months of the window of `count` months and replace their rows."""
    today = today or program_today()
    shown = last_months(count, today)
    closed = shown[:-1]
    if not closed:
        return 0
    cells = compute(program_id, closed[0], closed[-1], today=today)
    stamp = timezone.now()
    with transaction.atomic():
        OutcomeCell.objects.filter(month__in=closed, **_program_q(program_id)).delete()
        OutcomeCell.objects.bulk_create(
            OutcomeCell(
                program_id=program_id,
                month=c.month,
                figure=c.figure,
                value=c.value,
                people=c.people,
                least=c.least,
                computed_at=stamp,
            )
            for c in cells
        )
    return len(cells)


def refresh_all(today: date | None = None) -> int:
    """Every program, and the whole deployment."""
    written = 0
    for program_id in [*Program.objects.values_list("pk", flat=True), None]:
        written += refresh(program_id, today)
    log.info("outcomes_snapshot cells=%s", written)
    return written


def cells_for(program_id: int | None, today: date | None = None, count: int = MONTHS) -> list[Cell]:
    """The window's cells: snapshots of closed months, the rest computed live.

    One query for the snapshots, then one computation (a fixed set of queries) from the
    first month without a snapshot, if any, else of the current month alone.
    """
    today = today or program_today()
    shown = last_months(count, today)
    stored = [
        Cell(row.figure, row.month, row.value, row.people, row.least)
        for row in OutcomeCell.objects.filter(month__in=shown[:-1], **_program_q(program_id))
    ]
    complete = {c.month for c in stored}
    missing = [m for m in shown[:-1] if m not in complete]
    live_from = missing[0] if missing else month_of(today)
    kept = [c for c in stored if c.month < live_from]
    return kept + compute(program_id, live_from, month_of(today), today=today)
