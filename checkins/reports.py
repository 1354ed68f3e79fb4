"""Reports of a return to use: the first tap records one at once, later steps add detail."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from checkins import events
from checkins.models import CheckIn, UseReport
from checkins.progress import local_date

# A second tap, a reload or the back button within this long is the same moment, not a
# second return to use: it reuses the report the first tap made.
SAME_MOMENT = timedelta(minutes=30)
# "The first 24 hours": the flow keeps the member's own first-day steps in view this long.
FIRST_DAY = timedelta(hours=24)


def recent_report(member: User, within: timedelta = SAME_MOMENT) -> UseReport | None:
    """The member's report of a use in the last `within`, made in that time, newest first.

    Both times count: a report written a minute ago about a lapse last week is another
    moment, and a new tap must reach the care team as news.
    """
    since = timezone.now() - within
    return (
        UseReport.objects.filter(member=member, created_at__gte=since, occurred_at__gte=since)
        .order_by("-created_at")
        .first()
    )


def open_report(member: User) -> UseReport | None:
    """The report the first tap made and the member has not described yet (the record step
    fills in that one instead of adding a second)."""
    since = timezone.now() - FIRST_DAY
    return (
        UseReport.objects.filter(member=member, kind="", created_at__gte=since)
        .order_by("-created_at")
        .first()
    )


def report_use_now(member: User) -> tuple[UseReport, bool]:
    """Record "I used" at the tap, before any form; (report, whether it is new).

    A new report goes to the warning-stage rules through `events.recorded`, so the care
    team hears about the physical stage without waiting for the details.
    """
    with transaction.atomic():
        # One member's taps queue on their own row, so two quick taps make one report.
        User.objects.select_for_update().filter(pk=member.pk).first()
        existing = recent_report(member)
        if existing is not None:
            return existing, False
        now = timezone.now()
        report = UseReport.objects.create(
            member=member, occurred_at=now, local_date=local_date(member.timezone, now)
        )
        events.recorded.send(sender=UseReport, member_id=member.pk)
    return report, True


def last_use_within(member: User, within: timedelta = FIRST_DAY) -> datetime | None:
    """When the member last said they used (a report, or "used today" in a check-in), if
    that was within `within`."""
    since = timezone.now() - within
    times = [
        *UseReport.objects.filter(member=member, occurred_at__gte=since).values_list(
            "occurred_at", flat=True
        )[:1],
        *CheckIn.objects.filter(member=member, used_today=True, updated_at__gte=since)
        .order_by("-updated_at")
        .values_list("updated_at", flat=True)[:1],
    ]
    return max(times, default=None)


def own_report(member: User, report_id: int) -> UseReport:
    """The member's own report; anyone else's answers 404."""
    return get_object_or_404(UseReport, pk=report_id, member=member)
