"""The audit trail as people read it: what each action means, and the member's log grouped
by person and day (who, what, when, why, under which consent)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import REFUSED, AuditEvent, Consent, Scope, User, record_events
from core.paging import asked_page

# What each audited action did, in the member's words. An action not named here reads
# as the part of the record it touched ("Saw: your plan").
ACTION_WORDS: dict[str, Promise] = {
    "view_client": _("Opened your page in their caseload"),
    "view_plan": _("Read your plan"),
    "view_plan_history": _("Looked at the versions of your plan"),
    "review_plan": _("Reviewed your plan"),
    "comment_plan": _("Commented on your plan"),
    "view_checkins": _("Looked at your check-ins and reports of use"),
    "view_bam": _("Looked at your check-up (BAM) results"),
    "view_caseload_plan": _("Saw your plan's status in their caseload"),
    "view_caseload_alerts": _("Saw your alert's stage in their caseload"),
    "view_caseload_engagement": _("Saw in their caseload whether you checked in lately"),
    "view_alerts": _("Saw an alert about you"),
    "view_alert_trend": _("Saw your recent check-ins with an alert"),
    "view_alert_plan_steps": _("Saw your plan's action steps with an alert"),
    "acknowledge_alert": _("Acknowledged an alert about you"),
    "resolve_alert": _("Resolved an alert about you"),
    "view_engagement": _("Looked at whether you check in and come to events"),
    "log_outreach": _("Wrote down reaching out to you"),
    "view_drift": _("Saw you on the list of people they haven't heard from"),
    "invite_back": _("Sent you an invitation back"),
    "view_group": _("Saw you in a group's members"),
    "view_peer_pairings": _("Saw your peer-supporter pairing"),
    "view_follow_ups": _("Saw a follow-up with you that is due"),
    "view_attendance": _("Saw your RSVP to an event"),
    "record_attendance": _("Marked your attendance at an event"),
    "export_accounting": _("Downloaded the list of who saw your record"),
    "fhir_export": _("Downloaded your plan and check-ins as a FHIR file"),
    # On the staff member's own trail: the outcomes name nobody (outcomes/views.py).
    "outcomes_viewed": _("Opened the program outcomes (figures of many people, no one's record)"),
    "outcomes_downloaded": _("Downloaded the program outcomes as CSV (no one's record)"),
}

NO_CONSENT_NEEDED = _("Your care in the program (no consent needed for this part)")


def describe(action: str, scope: str) -> str:
    """One audit event in plain words."""
    label = Scope(scope).label if scope in Scope.values else scope
    if action == REFUSED:
        return str(_("Tried to open: %(part)s. Waypoint did not let them in.") % {"part": label})
    words = ACTION_WORDS.get(action)
    return str(words) if words else str(_("Saw: %(part)s") % {"part": label})


def why(event: AuditEvent) -> str:
    """The purpose the event was recorded under (the consent's, in its words then)."""
    if event.action == REFUSED:
        return ""
    return event.purpose or str(NO_CONSENT_NEEDED)


@dataclass
class DayOfViews:
    """Everything one person did with the member's record on one of the member's days."""

    actor: User | None
    day: date
    first: datetime
    last: datetime
    count: int
    what: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    refused: bool = False


def _day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, start + timedelta(days=1)


def grouped_log(member: User, page_number: Any, per_page: int = 20) -> Page:
    """The member's log, one row per person and day, newest first (three queries a page)."""
    tz = ZoneInfo(member.timezone)
    groups: QuerySet[Any] = (
        record_events(member)
        .annotate(day=TruncDate("at", tzinfo=tz))
        .values("actor", "day")
        .annotate(first=Min("at"), last=Max("at"), count=Count("pk"))
        .order_by("-day", "-last", "actor")
    )
    page = Paginator(groups, per_page).get_page(asked_page(page_number))
    rows = [DayOfViews(None, g["day"], g["first"], g["last"], g["count"]) for g in page]
    by_key = {(g["actor"], g["day"]): row for g, row in zip(page, rows, strict=True)}
    if rows:
        start, _end = _day_bounds(min(r.day for r in rows), tz)
        _start, end = _day_bounds(max(r.day for r in rows), tz)
        actors = {g["actor"] for g in page}
        by_actor = Q(actor__in=[a for a in actors if a is not None])
        if None in actors:
            by_actor |= Q(actor__isnull=True)
        events = (
            record_events(member)
            .filter(by_actor, at__gte=start, at__lt=end)
            .select_related("actor", "consent__member")
            .order_by("at")
        )
        _fill(by_key, events, tz)
    page.object_list = rows
    return page


def _fill(by_key: dict[tuple[Any, date], DayOfViews], events: Any, tz: ZoneInfo) -> None:
    seen: dict[tuple[Any, date], set[Any]] = defaultdict(set)
    for event in events:
        key = (event.actor_id, timezone.localtime(event.at, tz).date())
        row = by_key.get(key)
        if row is None:
            continue  # a day of the same person on another page
        row.actor = event.actor
        row.refused = row.refused or event.action == REFUSED
        buckets: list[tuple[list[Any], Any]] = [
            (row.what, describe(event.action, event.scope)),
            (row.why, why(event)),
            (row.consents, event.consent),
        ]
        for bucket, value in buckets:
            marker = (id(bucket), value.pk if isinstance(value, Consent) else value)
            if value and marker not in seen[key]:
                seen[key].add(marker)
                bucket.append(value)
