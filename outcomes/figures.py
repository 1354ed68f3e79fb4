"""Program outcomes, de-identified: each figure per calendar month, computed set-based.

Every figure is a count of people or of days, or a rate or a middle value over them, for
one calendar month. Months are the program's months (settings.TIME_ZONE, the zone of
accounts.models.program_today) for moments in time (joining, alerts, events); days that
belong to a member (a check-in, a report of use, a BAM) are counted on the member's own
day, as everywhere else in Waypoint. The current month runs to today.

`compute(program_id, first, last)` answers every figure for every month from `first` to
`last` with the same handful of aggregate queries, however many members or months: each
query groups in the database (per member and month at most) and Python makes one pass
over what comes back. Each `_family` function's docstring states the definition, the
denominator and the missing-data rule of the figures it makes; FIGURES holds the same
words for the page and the README.

A figure's `people` is how many people stand behind the cell: the small-cell rule
(outcomes.suppression) reads it, never the value.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import mean
from typing import cast

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User, program_today
from alerts.models import Alert, AlertNotice, NoticeKind
from alumni.models import GroupMembership, Rsvp
from checkins.models import CheckIn, UseReport
from core.stages import Stage
from measures.models import BamResult

# --- Months ---------------------------------------------------------------------------


def month_of(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def months(first: date, last: date) -> list[date]:
    """The first day of every month from `first`'s to `last`'s, oldest first."""
    found, month = [], month_of(first)
    while month <= last:
        found.append(month)
        month = add_months(month, 1)
    return found


def last_months(count: int, today: date | None = None) -> list[date]:
    """The `count` months ending with the current one (program time), oldest first."""
    current = month_of(today or program_today())
    return months(add_months(current, 1 - count), current)


def _program_day(moment: datetime) -> date:
    return timezone.localdate(moment, timezone.get_default_timezone())


def _start_of(day: date) -> datetime:
    """Midnight of a program day, as an aware moment (for filters on timestamps)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


# --- What a figure is -------------------------------------------------------------------


class Unit:
    PEOPLE = "people"  # a count of people
    COUNT = "count"  # a count of events (alerts, escalations)
    PERCENT = "percent"
    HOURS = "hours"
    POINTS = "points"  # a change in a BAM subscale score


@dataclass(frozen=True)
class Figure:
    key: str
    section: str
    unit: str
    label: Promise
    definition: Promise
    denominator: Promise
    missing: Promise  # the missing-data rule, shown beside the figure


@dataclass(frozen=True)
class Cell:
    figure: str
    month: date
    value: float | None  # None: nobody to compute it over
    people: int
    # The smallest group of people the value gives away when it is not `people` itself: for
    # a share of people, those counted or those not (3 of 40 retained names 3 people).
    least: int | None = None


ENROLLED = "enrolled_members"
ACTIVE = "active_members"
ADHERENCE = "checkin_adherence"
RETENTION = {30: "retention_30", 90: "retention_90", 180: "retention_180"}
SOBER_REPORTED = "days_without_use_reported"
SOBER_ALL = "days_without_use_all"
UNKNOWN = "days_unknown"
BAM_CHANGE = {
    "use": "bam_use_change",
    "risk": "bam_risk_change",
    "protective": "bam_protective_change",
}
ALERTS = {stage.value: f"alerts_{stage.value}" for stage in Stage}
ALERTS_TOTAL = "alerts_total"
ACK_MEDIAN = {stage.value: f"ack_median_{stage.value}" for stage in Stage}
ACK_P90 = {stage.value: f"ack_p90_{stage.value}" for stage in Stage}
ESCALATIONS = "escalations"
ALUMNI = "alumni_engagement"

# Sections of the page, in order.
SECTIONS: dict[str, Promise] = {
    "members": _("Members and check-ins"),
    "use": _("Days without use"),
    "bam": _("Brief Addiction Monitor"),
    "alerts": _("Warning-stage alerts"),
    "alumni": _("Alumni"),
}

_NO_MISSING = _("Nothing is missing: this counts what happened.")
_ALERT_MONTH = _("Alerts opened in the month.")
_A_COUNT = _("None: a count of people.")


def _formatted(message: Promise, **params: object) -> Promise:
    """`message % params`, translated when shown (a lazy string's % would translate now,
    at import, in whatever language is active then)."""
    shown = lazy(lambda: str(message) % {k: str(v) for k, v in params.items()}, str)()
    return cast(Promise, shown)  # the stubs call lazy()'s result a str; it is a proxy


def _figures() -> list[Figure]:
    figures = [
        Figure(
            ENROLLED,
            "members",
            Unit.PEOPLE,
            _("Members enrolled"),
            _(
                "Members who had joined by the month's last day and had not closed their "
                "account before it began."
            ),
            _A_COUNT,
            _NO_MISSING,
        ),
        Figure(
            ACTIVE,
            "members",
            Unit.PEOPLE,
            _("Active members"),
            _("Enrolled members with at least one check-in, report of use or BAM in the month."),
            _A_COUNT,
            _("A member who used the app in no way that month is not active."),
        ),
        Figure(
            ADHERENCE,
            "members",
            Unit.PERCENT,
            _("Check-in adherence"),
            _("Days with a check-in, as a share of the days members were enrolled in the month."),
            _(
                "Every day of every enrolled member, from the day they joined (or the 1st) to "
                "the month's end (or today)."
            ),
            _("A day without a check-in counts as a day not checked in."),
        ),
    ]
    for days, key in RETENTION.items():
        figures.append(
            Figure(
                key,
                "members",
                Unit.PERCENT,
                _formatted(_("Still checking in %(days)s days after joining"), days=days),
                _formatted(
                    _(
                        "Of the members who joined in the month, the share who checked in on "
                        "day %(days)s after joining or later."
                    ),
                    days=days,
                ),
                _formatted(
                    _("Members who joined in the month, at least %(days)s days ago."), days=days
                ),
                _formatted(
                    _(
                        "Members who joined fewer than %(days)s days ago are left out until "
                        "they reach it; a member who stopped checking in counts as not retained."
                    ),
                    days=days,
                ),
            )
        )
    every_day = _("Every day of every enrolled member (as for check-in adherence).")
    figures += [
        Figure(
            SOBER_REPORTED,
            "use",
            Unit.PERCENT,
            _("Days without use, of reported days"),
            _(
                "Days without use, as a share of the days a member told us about (a check-in "
                "or a report of use). A day with use is a report of use that day, or that "
                "day's check-in said yes."
            ),
            _("Reported days: days with a check-in or a report of use."),
            _(
                "Reported days only: days nobody told us about are left out, so this can read "
                "higher than the truth."
            ),
        ),
        Figure(
            SOBER_ALL,
            "use",
            Unit.PERCENT,
            _("Days without use, of all enrolled days"),
            _("Days reported without use, as a share of every day members were enrolled."),
            every_day,
            _("Missing days counted as unknown, not as days without use: see days unknown."),
        ),
        Figure(
            UNKNOWN,
            "use",
            Unit.PERCENT,
            _("Days unknown"),
            _(
                "Enrolled days with neither a check-in nor a report of use, as a share of "
                "every enrolled day."
            ),
            every_day,
            _("This is the missing share itself."),
        ),
    ]
    bam_labels = {
        "use": (_("BAM use score: change from the first"), _("lower is better")),
        "risk": (_("BAM risk factors: change from the first"), _("lower is better")),
        "protective": (_("BAM protective factors: change from the first"), _("higher is better")),
    }
    for subscale, key in BAM_CHANGE.items():
        label, better = bam_labels[subscale]
        figures.append(
            Figure(
                key,
                "bam",
                Unit.POINTS,
                label,
                _formatted(
                    _(
                        "The average change in points from each member's first BAM to their "
                        "last one in the month (%(better)s)."
                    ),
                    better=better,
                ),
                _("Members with a BAM in the month that was not their first."),
                _("Members without a BAM in the month, or with only their first, are left out."),
            )
        )
    for stage in Stage:
        figures.append(
            Figure(
                ALERTS[stage.value],
                "alerts",
                Unit.COUNT,
                _formatted(_("%(stage)s: alerts"), stage=stage.label),
                _ALERT_MONTH,
                _("None: a count of alerts (people: the members they were about)."),
                _NO_MISSING,
            )
        )
    figures.append(
        Figure(
            ALERTS_TOTAL,
            "alerts",
            Unit.COUNT,
            _("All alerts"),
            _ALERT_MONTH,
            _("None: a count of alerts."),
            _NO_MISSING,
        )
    )
    for stage in Stage:
        for key, which in (
            (ACK_MEDIAN[stage.value], _("median")),
            (ACK_P90[stage.value], _("90th percentile")),
        ):
            figures.append(
                Figure(
                    key,
                    "alerts",
                    Unit.HOURS,
                    _formatted(
                        _("%(stage)s: hours to acknowledge (%(which)s)"),
                        stage=stage.label,
                        which=which,
                    ),
                    _(
                        "Hours from an alert opening (or re-opening, when the last "
                        "acknowledgement answered a re-opening) to its acknowledgement, for "
                        "alerts opened in the month."
                    ),
                    _("Acknowledged alerts opened in the month."),
                    _("Alerts not yet acknowledged, or resolved without one, are left out."),
                )
            )
    figures += [
        Figure(
            ESCALATIONS,
            "alerts",
            Unit.COUNT,
            _("Escalations to on call"),
            _(
                "Alerts whose on-call counselors were told in the month (not acknowledged in "
                "time, or thoughts of self-harm)."
            ),
            _("None: a count of alerts."),
            _NO_MISSING,
        ),
        Figure(
            ALUMNI,
            "alumni",
            Unit.PERCENT,
            _("Alumni at an event"),
            _(
                "Of the members in an alumni group by the month's last day, the share who "
                "came to an event that started in the month."
            ),
            _("Members of an alumni group of the program by the month's last day."),
            _("An RSVP whose attendance nobody recorded counts as not attended."),
        ),
    ]
    return figures


FIGURES: dict[str, Figure] = {f.key: f for f in _figures()}

# Cells that add up to another in the same month: (total, parts). The suppression keeps a
# hidden part from being worked out by subtraction from the total.
ADDITIVE: list[tuple[str, tuple[str, ...]]] = [(ALERTS_TOTAL, tuple(ALERTS.values()))]
# A cell that others of the same month give away: (cell, cells it can be worked out from).
# Days without use of reported days = of all days / (100% - unknown), so when it is hidden
# the share of all days goes too.
LINKED: list[tuple[str, tuple[str, ...]]] = [(SOBER_REPORTED, (SOBER_ALL,))]


# --- The computation --------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    program_id: int | None  # None: every program of the deployment
    months: list[date]
    today: date

    @property
    def first(self) -> date:
        return self.months[0]

    @property
    def last_day(self) -> date:
        return min(month_end(self.months[-1]), self.today)

    def member_q(self, via: str = "member__") -> Q:
        q = Q(**{f"{via}role": Role.MEMBER})
        if self.program_id is not None:
            q &= Q(**{f"{via}program_id": self.program_id})
        return q

    def day_range(self, field: str = "local_date") -> Q:
        return Q(**{f"{field}__gte": self.first, f"{field}__lte": self.last_day})

    def moment_range(self, field: str) -> Q:
        return Q(
            **{
                f"{field}__gte": _start_of(self.first),
                f"{field}__lt": _start_of(self.last_day + timedelta(days=1)),
            }
        )


def compute(
    program_id: int | None, first: date, last: date, today: date | None = None
) -> list[Cell]:
    """Every figure for every month from `first` to `last` (month starts), as cells."""
    window = Window(program_id, months(first, last), today or program_today())
    cells: list[Cell] = []
    for family in (_members_and_days, _retention, _bam_change, _alerts, _alumni):
        cells.extend(family(window))
    return cells


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class _Enrolment:
    joined: date
    closed: date | None

    def days_in(self, month: date, today: date) -> int:
        """Days of `month` this member was enrolled: joining day to the month's end, today
        or the day they closed their account, whichever comes first."""
        start = max(self.joined, month)
        end = min(month_end(month), today, self.closed or today)
        return max((end - start).days + 1, 0)


def _enrolments(window: Window) -> dict[int, _Enrolment]:
    rows = User.objects.filter(
        window.member_q(via=""), date_joined__lt=_start_of(window.last_day + timedelta(days=1))
    ).values_list("pk", "date_joined", "closed_at")
    return {
        pk: _Enrolment(_program_day(joined), _program_day(closed) if closed else None)
        for pk, joined, closed in rows
    }


def _members_and_days(window: Window) -> Iterator[Cell]:
    """Enrolled and active members, check-in adherence, and days without use.

    - enrolled_members: members who had joined by the month's last day and had not closed
      their account before it began. A count of people.
    - active_members: enrolled members with a check-in, a report of use or a BAM in the
      month. A count of people.
    - checkin_adherence: days with a check-in / enrolled member-days, where a member's
      enrolled days run from the day they joined (or the 1st) to the month's end (today,
      or the day they closed their account). A day without a check-in is a day not checked
      in. people: enrolled members.
    - days_without_use_reported: reported days without use / reported days. A reported day
      is a day with a check-in or a report of use; a day with use is one with a report of
      use or whose check-in said yes (checkins.progress.days_with_use, in SQL). Missing
      days are left out. people: members with a reported day.
    - days_without_use_all: reported days without use / enrolled member-days; missing days
      count as unknown, never as days without use. people: enrolled members.
    - days_unknown: enrolled member-days with nothing reported / enrolled member-days.
      people: enrolled members.

    A member's reported days are capped at their enrolled days of the month, so a day
    reported before joining never makes a share above 100%.
    """
    enrolments = _enrolments(window)
    reported_same_day = UseReport.objects.filter(
        member=OuterRef("member"), local_date=OuterRef("local_date")
    )
    per_member = (
        CheckIn.objects.filter(window.member_q(), window.day_range())
        .annotate(month=TruncMonth("local_date"), reported_use=Exists(reported_same_day))
        .values("member_id", "month")
        .annotate(
            days=Count("id"),
            used=Count("id", filter=Q(used_today=True) | Q(reported_use=True)),
        )
        .values_list("member_id", "month", "days", "used")
    )
    # (member, month) -> [days with a check-in, reported days, days with use]
    days: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0, 0])
    for member_id, month, count, used in per_member:
        days[(member_id, _as_date(month))] = [count, count, used]
    # Days with a report of use and no check-in: a reported day, and a day with use.
    same_day_checkin = CheckIn.objects.filter(
        member=OuterRef("member"), local_date=OuterRef("local_date")
    )
    report_only = (
        UseReport.objects.filter(window.member_q(), window.day_range())
        .exclude(Exists(same_day_checkin))
        .order_by()  # no default ordering in the DISTINCT: one row per day
        .values_list("member_id", "local_date")
        .distinct()
    )
    for member_id, day in report_only:
        entry = days[(member_id, month_of(day))]
        entry[1] += 1
        entry[2] += 1
    bam_months = (
        BamResult.objects.filter(window.member_q(), window.day_range())
        .annotate(month=TruncMonth("local_date"))
        .order_by()
        .values_list("member_id", "month")
        .distinct()
    )
    active_keys = set(days) | {(m, _as_date(month)) for m, month in bam_months}

    for month in window.months:
        enrolled = active = reporting = 0
        enrolled_days = checkin_days = reported = used = 0
        for member_id, enrolment in enrolments.items():
            if enrolment.joined > month_end(month) or (
                enrolment.closed is not None and enrolment.closed < month
            ):
                continue
            span = enrolment.days_in(month, window.today)
            checkins, count, use = (min(n, span) for n in days.get((member_id, month), (0, 0, 0)))
            enrolled += 1
            enrolled_days += span
            checkin_days += checkins
            reported += count
            used += use
            reporting += 1 if count else 0
            active += 1 if (member_id, month) in active_keys else 0
        yield Cell(ENROLLED, month, enrolled, enrolled)
        yield Cell(ACTIVE, month, active, active, least=enrolled - active)
        yield Cell(ADHERENCE, month, _rate(checkin_days, enrolled_days), enrolled)
        yield Cell(SOBER_REPORTED, month, _rate(reported - used, reported), reporting)
        yield Cell(SOBER_ALL, month, _rate(reported - used, enrolled_days), enrolled)
        yield Cell(UNKNOWN, month, _rate(enrolled_days - reported, enrolled_days), enrolled)


def _as_date(value: date | datetime) -> date:
    """TruncMonth of a date column: a date on PostgreSQL, maybe a datetime elsewhere."""
    return value.date() if isinstance(value, datetime) else value


def _retention(window: Window) -> Iterator[Cell]:
    """Retention at 30, 90 and 180 days, by the month members joined.

    - retention_N: members who joined in the month and checked in on day N after joining
      or later / members who joined in the month at least N days before today. A member
      who has not reached day N yet is left out (neither retained nor lost) until they
      do; one who stopped checking in before day N counts as not retained. people: the
      denominator. The row is the joining month, so a month's figure keeps changing until
      its last member reaches day N (the nightly snapshot refreshes it).
    """
    rows = (
        User.objects.filter(
            window.member_q(via=""),
            date_joined__gte=_start_of(window.first),
            date_joined__lt=_start_of(window.last_day + timedelta(days=1)),
        )
        .annotate(last_checkin=Max("checkins__local_date"))
        .values_list("date_joined", "last_checkin")
    )
    # month -> days -> [eligible, retained]
    counts: dict[date, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for joined_at, last_checkin in rows:
        joined = _program_day(joined_at)
        for n in RETENTION:
            reached = joined + timedelta(days=n)
            if reached > window.today:
                continue
            entry = counts[month_of(joined)][n]
            entry[0] += 1
            entry[1] += 1 if last_checkin is not None and last_checkin >= reached else 0
    for month in window.months:
        for n, key in RETENTION.items():
            eligible, retained = counts[month][n]
            rate = _rate(retained, eligible)
            yield Cell(key, month, rate, eligible, least=min(retained, eligible - retained))


def _bam_change(window: Window) -> Iterator[Cell]:
    """BAM change from each member's first result, for use, risk and protective factors.

    - bam_<subscale>_change: the mean of (the member's last result in the month - their
      first result ever) over members with a result in the month that is not their first.
      Lower use and risk scores and higher protective scores are better. Members without a
      result in the month, or whose only one is their first, are left out. people: the
      members averaged over.
    """
    first = BamResult.objects.filter(member=OuterRef("member")).order_by("completed_at", "pk")
    rows = (
        BamResult.objects.filter(window.member_q(), window.day_range())
        .annotate(
            first_pk=Subquery(first.values("pk")[:1]),
            first_use=Subquery(first.values("use")[:1]),
            first_risk=Subquery(first.values("risk")[:1]),
            first_protective=Subquery(first.values("protective")[:1]),
        )
        .exclude(pk=F("first_pk"))
        .order_by("completed_at", "pk")
        .values_list(
            "member_id",
            "local_date",
            "use",
            "risk",
            "protective",
            "first_use",
            "first_risk",
            "first_protective",
        )
    )
    # month -> member -> changes of the member's last result in the month (later rows win)
    last: dict[date, dict[int, tuple[int, int, int]]] = defaultdict(dict)
    for member_id, day, use, risk, protective, use0, risk0, protective0 in rows:
        last[month_of(day)][member_id] = (use - use0, risk - risk0, protective - protective0)
    for month in window.months:
        changes = list(last[month].values())
        for index, key in enumerate(BAM_CHANGE.values()):
            value = round(mean(c[index] for c in changes), 1) if changes else None
            yield Cell(key, month, value, len(changes))


def percentile(values: list[float], q: float) -> float:
    """The q-th quantile (0..1) by linear interpolation between ranks, as PostgreSQL's
    percentile_cont does: the same answer on both databases, computed here."""
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def acknowledge_wait(
    opened_at: datetime, acknowledged_at: datetime, reopened_at: datetime | None
) -> timedelta:
    """From opening to acknowledgement; for a re-opened alert acknowledged again, from the
    re-opening (the stored acknowledgement is the latest and answers the re-opening)."""
    start = reopened_at if reopened_at and acknowledged_at > reopened_at else opened_at
    return acknowledged_at - start


def _alerts(window: Window) -> Iterator[Cell]:
    """Alert counts per stage, time to acknowledge per stage, and escalations.

    - alerts_<stage>, alerts_total: alerts opened in the month (program time). people:
      the distinct members they were about.
    - ack_median_<stage>, ack_p90_<stage>: the median and 90th percentile (linear
      interpolation) of hours to acknowledge (`acknowledge_wait`) of the alerts of that
      stage opened in the month and acknowledged. Alerts not (yet) acknowledged, or
      resolved without an acknowledgement, are left out. people: the distinct members of
      the alerts measured.
    - escalations: alerts whose on-call counselors were told (an escalation notice) in the
      month. people: the distinct members.
    """
    rows = Alert.objects.filter(window.member_q(), window.moment_range("opened_at")).values_list(
        "member_id", "stage", "opened_at", "acknowledged_at", "reopened_at"
    )
    members: dict[tuple[date, str], set[int]] = defaultdict(set)
    count: dict[tuple[date, str], int] = defaultdict(int)
    waits: dict[tuple[date, str], list[float]] = defaultdict(list)
    waited: dict[tuple[date, str], set[int]] = defaultdict(set)
    for member_id, stage, opened_at, acknowledged_at, reopened_at in rows:
        key = (month_of(_program_day(opened_at)), stage)
        count[key] += 1
        members[key].add(member_id)
        if acknowledged_at is not None:
            wait = acknowledge_wait(opened_at, acknowledged_at, reopened_at)
            waits[key].append(wait.total_seconds() / 3600)
            waited[key].add(member_id)
    escalated = AlertNotice.objects.filter(
        window.member_q(via="alert__member__"),
        window.moment_range("created_at"),
        kind=NoticeKind.ESCALATION,
    ).values_list("created_at", "alert_id", "alert__member_id")
    escalations: dict[date, set[int]] = defaultdict(set)
    escalated_members: dict[date, set[int]] = defaultdict(set)
    for created_at, alert_id, member_id in escalated:
        month = month_of(_program_day(created_at))
        escalations[month].add(alert_id)
        escalated_members[month].add(member_id)
    for month in window.months:
        everyone: set[int] = set()
        for stage in Stage:
            key = (month, stage.value)
            everyone |= members[key]
            yield Cell(ALERTS[stage.value], month, count[key], len(members[key]))
            hours = waits[key]
            people = len(waited[key])
            yield Cell(ACK_MEDIAN[stage.value], month, _hours(hours, 0.5), people)
            yield Cell(ACK_P90[stage.value], month, _hours(hours, 0.9), people)
        total = sum(count[(month, stage.value)] for stage in Stage)
        yield Cell(ALERTS_TOTAL, month, total, len(everyone))
        yield Cell(ESCALATIONS, month, len(escalations[month]), len(escalated_members[month]))


def _hours(values: list[float], q: float) -> float | None:
    return round(percentile(values, q), 1) if values else None


def _alumni(window: Window) -> Iterator[Cell]:
    """Alumni engagement.

    - alumni_engagement: members in an alumni group of the program by the month's last day
      who came to an event (attendance recorded yes) that started in the month / members in
      an alumni group by the month's last day. An RSVP whose attendance nobody recorded
      counts as not attended. people: the alumni (the denominator).
    """
    groups = Q() if window.program_id is None else Q(group__program_id=window.program_id)
    joined = dict(
        GroupMembership.objects.filter(groups, window.member_q())
        .values("member_id")
        .annotate(first=Min("joined_on"))
        .values_list("member_id", "first")
    )
    events = Q() if window.program_id is None else Q(event__group__program_id=window.program_id)
    attended = Rsvp.objects.filter(
        events, window.member_q(), window.moment_range("event__starts_at"), attended=True
    ).values_list("member_id", "event__starts_at")
    came: dict[date, set[int]] = defaultdict(set)
    for member_id, starts_at in attended:
        came[month_of(_program_day(starts_at))].add(member_id)
    for month in window.months:
        alumni = {m for m, first in joined.items() if first <= month_end(month)}
        attending = len(came[month] & alumni)
        least = min(attending, len(alumni) - attending)
        yield Cell(ALUMNI, month, _rate(attending, len(alumni)), len(alumni), least=least)


def by_key(cells: Iterable[Cell]) -> dict[tuple[str, date], Cell]:
    return {(c.figure, c.month): c for c in cells}
