"""Who is drifting away from the alumni network, as one query whatever the list's length.

A member's last sign of engagement is the latest of: their last check-in day, the
day of the last event they attended, the day of the last outreach logged to them.
Someone with none of these counts from the day they joined, so a newcomer is never
"drifting" before they had the chance to engage. Drifting means that day is more
than settings.WAYPOINT_DRIFT_DAYS days ago. Engagement only: nothing here reads what
a check-in says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db.models import DateField, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import visible_members
from accounts.models import Scope, User, program_today
from alumni.models import Outreach, OutreachMethod, OutreachOutcome, Rsvp
from checkins.models import CheckIn
from core.paging import Listing, listing
from core.repeat import INVITE_BACK_REPEAT
from messaging import outbox
from messaging.models import Channel, Delivery, DeliveryStatus, Purpose

DRIFT_INVITE = Purpose.DRIFT_INVITE


def drift_days() -> int:
    return int(getattr(settings, "WAYPOINT_DRIFT_DAYS", 14))


def drift_cutoff(today: date, days: int | None = None) -> date:
    """The first day that still counts as recent: a member last seen before it is drifting."""
    return today - timedelta(days=drift_days() if days is None else days)


def is_drifting(seen: date, today: date) -> bool:
    """Drifting, for a member last seen on `seen` (see `last_seen`); `drifting()` in SQL."""
    return seen < drift_cutoff(today)


def _day_start(day: date) -> datetime:
    """Midnight of `day` in the program's time zone (events and outreach are program dates)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def with_engagement(members: QuerySet[User]) -> QuerySet[User]:
    """Annotate each member with their last signs of engagement (dates, never content)."""
    tz = timezone.get_default_timezone()
    checkins = CheckIn.objects.filter(member=OuterRef("pk")).order_by("-local_date")
    attended = (
        Rsvp.objects.filter(member=OuterRef("pk"), attended=True)
        .order_by("-event__starts_at")
        .annotate(day=TruncDate("event__starts_at", tzinfo=tz))
    )
    outreach = (
        Outreach.objects.filter(member=OuterRef("pk"))
        .order_by("-created_at")
        .annotate(day=TruncDate("created_at", tzinfo=tz))
    )
    return members.annotate(
        joined_on=TruncDate("date_joined", tzinfo=tz),
        last_checkin_on=Subquery(checkins.values("local_date")[:1], output_field=DateField()),
        last_attended_on=Subquery(attended.values("day")[:1], output_field=DateField()),
        last_outreach_on=Subquery(outreach.values("day")[:1], output_field=DateField()),
        last_outreach_method=Subquery(outreach.values("method")[:1]),
        last_outreach_outcome=Subquery(outreach.values("outcome")[:1]),
    )


def last_seen(member: User) -> date:
    """The latest sign of engagement of an annotated member, or the day they joined."""
    m: Any = member
    return seen_on(m.joined_on, m.last_checkin_on, m.last_attended_on, m.last_outreach_on)


def seen_on(joined_on: date, *signs: date | None) -> date:
    """The latest of the signs given, or the day of joining if later or there are none."""
    # Joining is a floor: nobody drifts before they had the chance to engage.
    return max([*(d for d in signs if d), joined_on])


def drifting(
    coordinator: User, *, days: int | None = None, today: date | None = None
) -> QuerySet[User]:
    """Members of the coordinator's program not seen for more than `days` (one query).

    The order is by name; `rows()` sorts by how long. Sorting in SQL would repeat every
    subquery inside GREATEST(), and the whole list is read anyway.
    """
    today = today or program_today()
    cutoff = drift_cutoff(today, days)
    since = _day_start(cutoff)
    # The filter uses EXISTS on the indexed (member, date) columns rather than the
    # annotations, so the database can rule members out without computing every maximum.
    recent_checkin = CheckIn.objects.filter(member=OuterRef("pk"), local_date__gte=cutoff)
    recent_event = Rsvp.objects.filter(
        member=OuterRef("pk"), attended=True, event__starts_at__gte=since
    )
    recent_outreach = Outreach.objects.filter(member=OuterRef("pk"), created_at__gte=since)
    members = visible_members(coordinator, Scope.ENGAGEMENT).filter(
        ~Exists(recent_checkin),
        ~Exists(recent_event),
        ~Exists(recent_outreach),
        date_joined__lt=since,
    )
    return with_engagement(members).order_by("display_name", "pk")


@dataclass(frozen=True)
class DriftRow:
    member: User
    days_since: int
    never_engaged: bool

    @property
    def last_outreach_label(self) -> str:
        m: Any = self.member
        if not m.last_outreach_on:
            return ""
        return _("%(method)s, %(outcome)s") % {
            "method": OutreachMethod(m.last_outreach_method).label,
            "outcome": OutreachOutcome(m.last_outreach_outcome).label,
        }


def rows(members: Iterable[User], today: date | None = None) -> list[DriftRow]:
    """Members from `drifting` with the days since each was last seen, longest first."""
    today = today or program_today()
    result = []
    for member in members:
        m: Any = member
        never = not (m.last_checkin_on or m.last_attended_on or m.last_outreach_on)
        result.append(DriftRow(member, (today - last_seen(member)).days, never))
    # sorted() is stable: equal days keep the query's order by name.
    return sorted(result, key=lambda row: -row.days_since)


SIGNS = ("joined_on", "last_checkin_on", "last_attended_on", "last_outreach_on")
# How long, for the list's filter: the drift line itself and a few longer spans.
LONGER_SPANS = (30, 60, 90)


def spans() -> list[str]:
    """The "not seen for more than N days" choices, shortest (the drift line) first."""
    return [str(d) for d in sorted({drift_days(), *(d for d in LONGER_SPANS if d > drift_days())})]


def drift_page(coordinator: User, days: int, page_number: Any) -> Listing:
    """One page of the drifting members (not seen for more than `days`), longest first.

    The order needs every drifting member's last-seen day, so those come first for all of
    them as bare dates (one query); the page's members are then read in full (one more).
    Audit and rendering are for the page only. Plain offset paging over that list: its
    total is known once the dates are read, and the order (days, then name) is stable.
    """
    today = program_today()
    everyone = drifting(coordinator, days=days, today=today)
    seen = [
        (pk, (today - seen_on(*dates)).days) for pk, *dates in everyone.values_list("pk", *SIGNS)
    ]
    # sorted() is stable: equal days keep the query's order by name.
    seen.sort(key=lambda item: -item[1])
    found = listing([pk for pk, _days in seen], page_number, {"over": str(days)})
    ids = list(found.rows)
    members = everyone.filter(pk__in=ids).only("pk", "display_name", "program_messages")
    by_pk = {m.pk: m for m in members} if ids else {}
    # A member reached between the two queries is no longer drifting: left off this page.
    found.page.object_list = rows([by_pk[pk] for pk in ids if pk in by_pk], today)
    return found


def recently_invited(member_ids: list[int], *, now: datetime | None = None) -> set[int]:
    """Members who got (or are getting) an invitation back within the quiet period."""
    now = now or timezone.now()
    return set(
        Delivery.objects.filter(
            INVITE_BACK_REPEAT.recent(now=now),
            about_id__in=member_ids,
            purpose=DRIFT_INVITE,
        )
        .exclude(status=DeliveryStatus.FAILED)
        .values_list("about_id", flat=True)
    )


def program_name(coordinator: User) -> str:
    return coordinator.program.name if coordinator.program else settings.WAYPOINT_PROGRAM_NAME


def invite_text(program: str, name: str) -> str:
    # Warm and non-clinical on purpose: it may be read by someone else on a shared phone.
    return _(
        "Hi %(name)s,\n\nWe miss you at %(program)s. We'd love to see you at a meeting soon; "
        "no need to explain anything.\n\nWarmly,\n%(program)s"
    ) % {"name": name, "program": program}


@dataclass
class InviteResult:
    sent: int = 0
    not_opted_in: int = 0
    recently_invited: int = 0
    failed: int = 0


def invite_back(coordinator: User, members: list[User]) -> InviteResult:
    """Send "We'd love to see you" to each member who opted in and had none this week.

    Every send is a Delivery (through the outbox) and an Outreach in the log.
    """
    result = InviteResult()
    program = program_name(coordinator)
    quiet = recently_invited([m.pk for m in members])
    for member in members:
        if not member.program_messages:
            result.not_opted_in += 1
            continue
        if member.pk in quiet:
            result.recently_invited += 1
            continue
        _delivery, outcome = outbox.record_and_send(
            DRIFT_INVITE,
            Channel.EMAIL,
            member.email,
            partial(invite_text, program, member.display_name),
            to_user=member,
            about=member,
        )
        if outcome != outbox.Outcome.SENT:
            # One attempt (outbox.POLICY): a failed one does not count toward the weekly
            # limit, so the coordinator's next try is not held back.
            result.failed += 1
            continue
        Outreach.objects.create(
            member=member,
            coordinator=coordinator,
            method=OutreachMethod.EMAIL,
            outcome=OutreachOutcome.MESSAGE,
            note=_('Sent "We\'d love to see you" by email.'),
        )
        result.sent += 1
    return result


DRIFT_DIGEST = Purpose.DRIFT_DIGEST


def newly_drifting(coordinator: User, today: date | None = None) -> int:
    """How many members crossed the drift line since yesterday (for the daily digest)."""
    today = today or program_today()
    yesterday = today - timedelta(days=1)
    members = drifting(coordinator, today=today)
    return sum(1 for member in members if not is_drifting(last_seen(member), yesterday))


def digest_text(count: int) -> str:
    link = settings.WAYPOINT_SITE_URL + reverse("alumni_drift")
    return ngettext(
        "%(count)d person in your program has now gone %(days)d days without a check-in, "
        "an event or outreach.\n\nSee who, and reach out: %(link)s",
        "%(count)d people in your program have now gone %(days)d days without a check-in, "
        "an event or outreach.\n\nSee who, and reach out: %(link)s",
        count,
    ) % {"count": count, "days": drift_days(), "link": link}


def send_digest(coordinator: User, today: date | None = None) -> bool:
    """Tell a coordinator how many people started drifting; once a day, never who (email)."""
    today = today or program_today()
    already = Delivery.objects.filter(
        purpose=DRIFT_DIGEST, to_user=coordinator, created_at__gte=_day_start(today)
    ).exists()
    count = 0 if already else newly_drifting(coordinator, today)
    if not count:
        return False
    _delivery, outcome = outbox.record_and_send(
        DRIFT_DIGEST,
        Channel.EMAIL,
        coordinator.email,
        partial(digest_text, count),
        to_user=coordinator,
    )
    # A passing fault is retried by the outbox; the day's digest is recorded either way.
    return outcome in (outbox.Outcome.SENT, outbox.Outcome.RETRY)
