"""A member's check-in history, counters and chart: shared by their page and their counselor's."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Min

from accounts.models import User
from checkins import chart
from checkins.milestones import recovery
from checkins.models import CheckIn, UseReport
from checkins.progress import days_with_use, local_date, sober_runs

WINDOW_DAYS = 90


def history(member: User) -> dict[str, Any]:
    """Everything the history pages show, in four queries whatever the history length."""
    today = local_date(member.timezone)
    since = today - timedelta(days=WINDOW_DAYS - 1)
    recent = list(
        CheckIn.objects.filter(member=member, local_date__gte=since).order_by("-local_date")
    )
    reports = list(UseReport.objects.filter(member=member).order_by("-occurred_at"))
    totals = CheckIn.objects.filter(member=member).aggregate(
        days=Count("pk"), first=Min("local_date")
    )

    joined = local_date(member.timezone, member.date_joined)
    # Days count from the member's own start date when they set one; an earlier sign-up,
    # check-in or report still counts, so setting a later date never erases days.
    first_day = min(
        filter(
            None,
            [member.recovery_began_on, joined, totals["first"], *(r.local_date for r in reports)],
        )
    )
    use_days = days_with_use((r.local_date for r in reports), recent)
    progress = sober_runs(first_day, use_days, today)
    return {
        "today": today,
        "checkins": recent,
        "use_days": use_days,  # the rows say "yes" on exactly the days the counters count
        "reports": reports,
        "days_checked_in": totals["days"],
        "progress": progress,
        "runs": list(reversed(progress.runs)),
        "recovery": recovery(member.recovery_began_on, today),
        "chart": chart.build(
            [(c.local_date, c.halt_total, c.craving) for c in recent],
            use_days,
            today,
            # Show the days there are, at least two weeks, at most the whole window.
            days=min(WINDOW_DAYS, max(14, (today - first_day).days + 1)),
        ),
    }
