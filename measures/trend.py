"""A member's BAM results over time: one query, newest first, for their page and the client page."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from measures import bam
from measures.models import BamResult

# The client page shows about a quarter of weekly results; the full list is one link away.
CLIENT_PAGE_RESULTS = 12

FIELDS = (
    "pk",
    "local_date",
    "completed_at",
    "next_due_on",
    "use",
    "risk",
    "protective",
    "satisfaction",
)


def results_of(member: User, limit: int | None = None) -> list[BamResult]:
    rows = BamResult.objects.filter(member=member).order_by("-completed_at", "-pk").only(*FIELDS)
    return list(rows[:limit] if limit else rows)


@dataclass(frozen=True)
class Row:
    """One result on the client page, with each subscale's change since the one before."""

    result: BamResult
    use_change: int | None
    risk_change: int | None
    protective_change: int | None

    @property
    def use_concern(self) -> bool:
        return self.result.scores.of_concern(bam.USE)

    @property
    def risk_concern(self) -> bool:
        return self.result.scores.of_concern(bam.RISK)

    @property
    def protective_concern(self) -> bool:
        return self.result.scores.of_concern(bam.PROTECTIVE)


def trend_rows(member: User, limit: int = CLIENT_PAGE_RESULTS) -> list[Row]:
    """The latest `limit` results, newest first, each with its change (one query)."""
    found = results_of(member, limit + 1)  # one more, for the oldest shown's change
    rows = []
    for position, newer in enumerate(found[:limit]):
        older = found[position + 1] if position + 1 < len(found) else None
        rows.append(
            Row(
                newer,
                *(
                    getattr(newer, key) - getattr(older, key) if older else None
                    for key in (bam.USE, bam.RISK, bam.PROTECTIVE)
                ),
            )
        )
    return rows
