"""The counselor's caseload, a page at a time: who needs you first, and for each client their
open alert, check-ins, two weeks of craving and HALT (a sparkline), latest BAM, plan state
and how long since you last looked, each part only where the client shares it.

The default order is "by need" (`need_key`, one definition, the README says it in words);
every column sorts too, and the filters and the name search narrow the list. Everything that
orders or filters is read for the whole caseload in a fixed number of narrow, set-based
queries (no per-client query); the people themselves only for the page's rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.access import shares, visible_members
from accounts.models import LOOKED_OR_ACTED, AuditEvent, Scope, User, program_today
from alerts.models import Alert
from checkins.chart import Sparkline, spark_start, sparkline
from checkins.models import CheckIn, UseReport, halt_high_count
from checkins.progress import days_with_use, local_date
from core.paging import Listing, choice, listing
from core.stages import Stage
from core.text import folded
from measures import bam
from measures.models import BamResult
from plans.models import PlanReview
from plans.sections import SECTIONS
from plans.status import PlanState, plan_state

ALL = "all"
ATTENTION = "attention"
SHOW = (ALL, ATTENTION)
QUIET_DAYS = ("3", "7", "14")  # "no check-in for N days"
AWAITING = "awaiting"  # the plan filter: plans waiting on the counselor's review
PLAN_FILTERS = (AWAITING,)
# A plan waiting on the counselor (the plan filter; one part of `needs_attention`).
PLAN_NEEDS_YOU = (PlanState.AWAITING_REVIEW, PlanState.CHANGED_SINCE_REVIEW)
# "No check-in for more than this many days" is one step of the need order.
NEED_QUIET_DAYS = 3
SEARCH_MAX = 60  # characters of a name search (kept in the session, never in a URL)
# Sorting and filtering load the page again; their links and the filter form end at the list
# (`#caseload-list`), so the browser brings it into view and a keyboard user's next Tab goes
# into it instead of through the header and the filters again.
AT_LIST = "#caseload-list"

# The columns the list sorts by (`?sort=`), and the default: by need.
NEED = "need"
SORTS = (
    NEED,
    "name",
    "alert",
    "last_checkin",
    "checkins",
    "craving",
    "bam_use",
    "bam_risk",
    "bam_protective",
    "plan",
    "looked",
)
ASC, DESC = "asc", "desc"
# A header's first click: most first (most urgent, longest ago, highest), but names A to Z,
# the oldest last check-in (the column shows dates: ascending is oldest first, so the arrow,
# aria-sort and the order agree), fewest check-ins and the lowest protective factors first
# (what needs you, on top).
ASC_FIRST = ("name", "last_checkin", "checkins", "bam_protective")
COLUMN_LABELS: dict[str, Promise] = {
    "name": _("Member"),
    "alert": _("Open alert"),
    "last_checkin": _("Last check-in"),
    "checkins": _("Check-ins, last 14 days"),
    "craving": _("Craving and HALT, last 14 days"),
    "bam_use": _("BAM use"),
    "bam_risk": _("BAM risk"),
    "bam_protective": _("BAM protective"),
    "plan": _("Plan"),
    "looked": _("You last looked"),
}


@dataclass(frozen=True)
class CaseloadFilters:
    """What the counselor narrowed and sorted the caseload by (names and numbers only: no
    health data goes into a URL). The name search is not here: it stays in the session."""

    show: str = ALL
    stage: str = ""  # only clients whose most urgent open alert is at this stage
    quiet: str = ""  # only clients with no check-in for this many days
    plan: str = ""  # AWAITING: only plans waiting on the counselor's review
    sort: str = NEED
    dir: str = ASC
    search: str = ""  # from the session (see home.views)

    @cached_property
    def folded_search(self) -> str:
        """The search as names are compared with it, worked out once for the whole list."""
        return folded(self.search)

    @classmethod
    def from_query(cls, query: QueryDict, search: str = "") -> CaseloadFilters:
        sort = choice(query, "sort", SORTS, NEED)
        return cls(
            show=choice(query, "show", SHOW, ALL),
            stage=choice(query, "stage", Stage.values),
            quiet=choice(query, "quiet", QUIET_DAYS),
            plan=choice(query, "plan", PLAN_FILTERS),
            sort=sort,
            # The need order has one direction, most pressing first (the "Order" box hides
            # beside "Need"; a direction it still sends is ignored).
            dir=ASC if sort == NEED else choice(query, "dir", (ASC, DESC), ASC),
            search=search[:SEARCH_MAX],
        )

    def as_query(self) -> dict[str, str]:
        """The filters and the order as they travel in page links (defaults left out)."""
        return {
            **self.narrowing(),
            "sort": "" if self.sort == NEED else self.sort,
            "dir": "" if self.dir == ASC else self.dir,
        }

    @property
    def changed(self) -> bool:
        """Narrowed, or in an order other than need (what the filter form shows open)."""
        return any(self.narrowing().values()) or self.sort != NEED

    def narrowing(self) -> dict[str, str]:
        """The filters alone, for the column headers' links (which set their own order)."""
        return {
            "show": "" if self.show == ALL else self.show,
            "stage": self.stage,
            "quiet": self.quiet,
            "plan": self.plan,
        }


@dataclass(frozen=True)
class Bam:
    """A client's latest BAM subscales and the change from the result before (None: first)."""

    on: date
    use: int
    risk: int
    protective: int
    use_change: int | None
    risk_change: int | None
    protective_change: int | None

    @property
    def scores(self) -> bam.Scores:
        return bam.Scores(self.use, self.risk, self.protective, 0)

    @property
    def past_cutoff(self) -> bool:
        """Use or risk at or past the VA's cut-off (measures.bam.SUBSCALES)."""
        return self.use_concern or self.risk_concern

    @property
    def use_concern(self) -> bool:
        return self.scores.of_concern(bam.USE)

    @property
    def risk_concern(self) -> bool:
        return self.scores.of_concern(bam.RISK)

    @property
    def protective_concern(self) -> bool:
        return self.scores.of_concern(bam.PROTECTIVE)


@dataclass(slots=True)
class _Day:
    """One check-in as the sparkline and "use in the last two weeks" read it (a
    checkins.progress.DayAnswer)."""

    local_date: date
    craving: int
    used_today: bool
    halt: int  # how many HALT states "quite" or "very" (checkins.models.halt_high_count)


@dataclass
class _Standing:
    """Where one client stands: all the caseload needs to filter and sort before paging."""

    pk: int
    name: str
    local_today: date  # the client's own today (checkins.progress.local_date)
    shares_plan: bool
    shares_alerts: bool
    shares_checkins: bool
    plan_state: str
    alert_stage: str | None  # only where the client shares alerts with this counselor
    last_checkin: date | None = None  # engagement: checked in or not
    checkins_14: int = 0  # days with a check-in in the last 14 (engagement)
    last_looked: datetime | None = None  # this counselor's own latest look or act
    # Only where check-ins are shared, over the client's own last SPARK_DAYS days:
    highest_craving: int | None = None
    checkin_said_use: bool = False  # a check-in in the window said "used today"
    report_days: set[date] = field(default_factory=set)  # reports of use (a few days back)
    bam: Bam | None = None  # only where check-ins are shared (the BAM is part of them)


@dataclass(frozen=True)
class _Today:
    program: date  # care-team dates: days since a check-in, check-ins in the window
    since: date  # the first day of the last two weeks (program days)
    reach: date  # the earliest day any client's own two weeks can start (a zone behind)
    now: datetime


def need_key(s: _Standing, today: _Today) -> tuple[Any, ...]:
    """THE need order, most pressing first (the README's "Sorted by need" says it in words):

    1. the open alert's stage (physical, mental, emotional, none or not shared);
    2. use reported in the last 14 days (a report of use or a check-in that said so);
    3. the latest BAM's use or risk at or past its cut-off;
    4. no check-in for more than NEED_QUIET_DAYS days (or never);
    5. the plan's state, what waits on the counselor first (PlanState.URGENCY);
    6. longest since this counselor last looked or acted (never first);
    7. then name, then pk: a stable order, so no client moves between pages on a tie.
    """
    return (
        Stage.by_urgency(s.alert_stage),
        not _used_lately(s),
        not _bam_past_cutoff(s),
        not _quiet(s, today),
        PlanState.URGENCY.index(s.plan_state),
        s.last_looked is not None,
        s.last_looked or today.now,  # the oldest look first
        s.name.lower(),
        s.pk,
    )


def needs_attention(s: _Standing, today: _Today) -> bool:
    """The "Needs your attention" filter (`?show=attention`): the urgent part of the need
    order, steps 1 to 5 of `need_key` read with the same rules: an open alert, use in the
    last 14 days, a BAM past its cut-off, no check-in for more than NEED_QUIET_DAYS days,
    or a plan waiting on the counselor."""
    return (
        s.alert_stage is not None
        or _used_lately(s)
        or _bam_past_cutoff(s)
        or _quiet(s, today)
        or s.plan_state in PLAN_NEEDS_YOU
    )


def _quiet(s: _Standing, today: _Today) -> bool:
    """No check-in for more than NEED_QUIET_DAYS days (or never)."""
    return s.last_checkin is None or (today.program - s.last_checkin).days > NEED_QUIET_DAYS


def _bam_past_cutoff(s: _Standing) -> bool:
    return s.bam is not None and s.bam.past_cutoff


def _in_window(s: _Standing, day: date) -> bool:
    """Is `day` one of the client's own last SPARK_DAYS days (the sparkline's)?"""
    return spark_start(s.local_today) <= day <= s.local_today


def _used_lately(s: _Standing) -> bool:
    """Use in the client's last SPARK_DAYS days: a report of use, or a check-in that said so
    (checkins.progress.days_with_use, read here as the check-ins' count in SQL)."""
    return s.checkin_said_use or any(_in_window(s, d) for d in s.report_days)


# Each column's value for sorting; None (not shared, never) sorts last in either direction.
Value = Callable[[_Standing, _Today], Any]


def _days_since(day: date | None, today: date) -> int | None:
    return (today - day).days if day is not None else None


def _program_day(at: datetime | None) -> date | None:
    """The program's calendar day of a moment (as program_today counts days)."""
    return timezone.localdate(at, timezone.get_default_timezone()) if at else None


def _highest_craving(s: _Standing, today: _Today) -> int | None:
    return s.highest_craving if s.shares_checkins else None


def _bam_value(subscale: str) -> Value:
    return lambda s, _: getattr(s.bam, subscale) if s.bam is not None else None


COLUMN_VALUES: dict[str, Value] = {
    "name": lambda s, _: s.name.lower(),
    "alert": lambda s, _: -Stage.by_urgency(s.alert_stage) if s.shares_alerts else None,
    "last_checkin": lambda s, _: s.last_checkin,  # by date, as the column shows it
    "checkins": lambda s, _: s.checkins_14,
    "craving": _highest_craving,
    "bam_use": _bam_value(bam.USE),
    "bam_risk": _bam_value(bam.RISK),
    "bam_protective": _bam_value(bam.PROTECTIVE),
    "plan": lambda s, _: (
        -PlanState.URGENCY.index(s.plan_state) if s.plan_state != PlanState.NOT_SHARED else None
    ),
    "looked": lambda s, t: _days_since(_program_day(s.last_looked), t.program),
}


def ordered(standings: list[_Standing], filters: CaseloadFilters, today: _Today) -> list[_Standing]:
    """By need, or by one column (ties in need order); clients without a value last."""
    by_need = sorted(standings, key=lambda s: need_key(s, today))
    if filters.sort == NEED:
        return by_need
    value = COLUMN_VALUES[filters.sort]
    valued = [(value(s, today), s) for s in by_need]
    known = [pair for pair in valued if pair[0] is not None]
    # Python's sort is stable in both directions: ties keep the need order.
    known.sort(key=lambda pair: pair[0], reverse=filters.dir == DESC)
    return [s for _, s in known] + [s for v, s in valued if v is None]


@dataclass(frozen=True)
class Header:
    """A sortable column header: a link that sorts by it (the other way when it already
    does), and its aria-sort."""

    key: str
    label: Promise
    href: str
    aria_sort: str  # "ascending", "descending" or "none"


def headers(filters: CaseloadFilters) -> list[Header]:
    kept = {name: value for name, value in filters.narrowing().items() if value}
    found = []
    for key, label in COLUMN_LABELS.items():
        if filters.sort == key:
            aria = "ascending" if filters.dir == ASC else "descending"
            next_dir = DESC if filters.dir == ASC else ASC
        else:
            aria, next_dir = "none", ASC if key in ASC_FIRST else DESC
        href = "?" + urlencode({**kept, "sort": key, "dir": next_dir}) + AT_LIST
        found.append(Header(key, label, href, aria))
    return found


def column_labels() -> dict[str, str]:
    """Each column's name in the reader's language, said once a page: every row's cells
    carry it as their label for the phone layout (25 rows would say it 25 times)."""
    return {key: str(label) for key, label in COLUMN_LABELS.items()}


def by_need_href(filters: CaseloadFilters) -> str:
    """The link back to the need order, keeping the filters."""
    kept = {name: value for name, value in filters.narrowing().items() if value}
    return ("?" + urlencode(kept) if kept else "?") + AT_LIST


@dataclass(frozen=True)
class BamCell:
    """One BAM subscale's cell: the latest score, its change, and whether past its cut-off."""

    label: Promise
    score: int | None  # None: no BAM yet (or not shared)
    change: int | None  # None: the first result
    concern: bool


@dataclass(frozen=True)
class CaseloadRow:
    """One client as the caseload shows them."""

    client: User
    shares_plan: bool  # the plan state shows (and is audited) only then
    shares_alerts: bool  # the open alert's stage shows (and is audited) only then
    shares_checkins: bool  # the sparkline and the BAM show (and are audited) only then
    plan_state: str
    alert_stage: str | None
    last_checkin: date | None
    days_since_checkin: int | None
    checkins_14: int
    days_since_looked: int | None  # None: never
    recent: Sparkline | None = None  # only for clients who share check-ins (then audited)
    bam: Bam | None = None

    @property
    def plan_state_label(self) -> Promise:
        return PlanState.LABELS[self.plan_state]

    @property
    def bam_cells(self) -> list[BamCell]:
        """Use, risk and protective, in the columns' order (drawn in a loop, not three
        template includes a row)."""
        b = self.bam
        return [
            BamCell(
                COLUMN_LABELS[f"bam_{key}"],
                getattr(b, key) if b else None,
                getattr(b, f"{key}_change") if b else None,
                b.scores.of_concern(key) if b else False,
            )
            for key in (bam.USE, bam.RISK, bam.PROTECTIVE)
        ]


@dataclass(frozen=True)
class Caseload:
    listing: Listing  # rows: CaseloadRow
    total: int  # clients on the care team, before any filter


def caseload(counselor: User, filters: CaseloadFilters, page_number: Any) -> Caseload:
    """One page of the counselor's clients, by need or by the column asked for.

    Ordering and filtering need every client's standing, so it comes for all of them in
    six narrow, set-based queries (no per-client query, and check-ins as one aggregate row a
    client); the people and their sparklines' days only for the page's rows. At most eight
    queries for any caseload size (a read that no client's sharing needs is not made).
    """
    now = timezone.now()
    program = program_today()
    since = spark_start(program)
    # A client a time zone behind the program may still be on the day before.
    today = _Today(program, since, since - timedelta(days=1), now)
    standings = _standings(counselor, today)
    chosen = [s for s in standings if _matches(s, filters, today)]
    page = listing(ordered(chosen, filters, today), page_number, filters.as_query())
    on_page: list[_Standing] = list(page.rows)
    people = User.objects.filter(pk__in=[s.pk for s in on_page]).only(
        "pk", "display_name", "timezone"
    )
    by_pk = {p.pk: p for p in people} if on_page else {}
    days = _page_days([s for s in on_page if s.shares_checkins], today)
    page.page.object_list = [_row(by_pk[s.pk], s, days.get(s.pk, []), today) for s in on_page]
    return Caseload(page, len(standings))


def _row(client: User, s: _Standing, days: list[_Day], today: _Today) -> CaseloadRow:
    recent = None
    if s.shares_checkins:
        recent = sparkline(
            [(d.local_date, d.craving) for d in days],
            days_with_use(s.report_days, days),
            s.local_today,
            halts=[(d.local_date, d.halt) for d in days],
        )
    return CaseloadRow(
        client=client,
        shares_plan=s.shares_plan,
        shares_alerts=s.shares_alerts,
        shares_checkins=s.shares_checkins,
        plan_state=s.plan_state,
        alert_stage=s.alert_stage,
        last_checkin=s.last_checkin,
        days_since_checkin=_days_since(s.last_checkin, today.program),
        checkins_14=s.checkins_14,
        days_since_looked=_days_since(_program_day(s.last_looked), today.program),
        recent=recent,
        bam=s.bam,
    )


def _matches(s: _Standing, filters: CaseloadFilters, today: _Today) -> bool:
    if filters.show == ATTENTION and not needs_attention(s, today):
        return False
    if filters.stage and s.alert_stage != filters.stage:
        return False
    if filters.quiet:
        since = today.program - timedelta(days=int(filters.quiet))
        if s.last_checkin is not None and s.last_checkin >= since:
            return False
    if filters.plan == AWAITING and s.plan_state not in PLAN_NEEDS_YOU:
        return False
    # Any case, with or without accents: "lucia" finds Lucía (core.text.folded).
    return not filters.search or filters.folded_search in folded(s.name)


def _standings(counselor: User, today: _Today) -> list[_Standing]:
    """Every client's standing (six queries).

    The gate is asked once, in the first query: the care team (engagement) with a mark for
    each scope the page shows (`accounts.access.shares`). Every later query reads only the
    clients the gate granted for its own scope, by their ids, so a client who does not share
    alerts, a plan or check-ins is not in that query at all, and the rule is not built and
    planned again for each table.
    """
    # The counselor's own latest look or act for each client: their own rows, read with
    # the partial index on (actor, member, -at) that leaves the caseload's rows out.
    looked = AuditEvent.objects.filter(LOOKED_OR_ACTED, actor=counselor, member=OuterRef("pk"))
    # Engagement (checked in or not): each client's last check-in day and days with a
    # check-in in the last two weeks, read from the (member, day) index a client at a time:
    # a year of check-ins is not aggregated to find the last one.
    checked_in = CheckIn.objects.filter(member=OuterRef("pk"))
    recent = checked_in.filter(local_date__gte=today.since).values("member").annotate(n=Count("pk"))
    clients = (
        visible_members(counselor, Scope.ENGAGEMENT)
        .annotate(
            shares_plan=shares(counselor, Scope.PLAN),
            shares_alerts=shares(counselor, Scope.ALERTS),
            shares_checkins=shares(counselor, Scope.CHECKINS),
            plan_revision=F("plan__revision"),
            plan_finished=F("plan__finished_sections"),
            last_looked=Subquery(looked.order_by("-at").values("at")[:1]),
            last_checkin=Subquery(checked_in.order_by("-local_date").values("local_date")[:1]),
            checkins_14=Subquery(recent.values("n")),
        )
        .values(
            "pk",
            "display_name",
            "timezone",
            "shares_plan",
            "shares_alerts",
            "shares_checkins",
            "plan_revision",
            "plan_finished",
            "last_looked",
            "last_checkin",
            "checkins_14",
        )
    )
    rows = list(clients)
    stages = _open_alert_stages([row["pk"] for row in rows if row["shares_alerts"]])
    reviews = _latest_reviews([row["pk"] for row in rows if row["shares_plan"]])
    section_keys = {s.key for s in SECTIONS}
    todays: dict[str, date] = {}  # a client's own today, worked out once per time zone
    standings: dict[int, _Standing] = {}
    for row in rows:
        pk, tz = row["pk"], row["timezone"]
        reviewed_version, review_status = reviews.get(pk, (None, None))
        state = plan_state(
            shared=row["shares_plan"],
            revision=row["plan_revision"],
            complete=section_keys <= set(row["plan_finished"] or []),
            reviewed_version=reviewed_version,
            review_status=review_status,
        )
        if tz not in todays:
            todays[tz] = local_date(tz)
        standings[pk] = _Standing(
            pk,
            row["display_name"],
            todays[tz],
            bool(row["shares_plan"]),
            bool(row["shares_alerts"]),
            bool(row["shares_checkins"]),
            state,
            stages.get(pk),
            last_checkin=row["last_checkin"],
            checkins_14=row["checkins_14"] or 0,
            last_looked=row["last_looked"],
        )
    sharing = {pk: s for pk, s in standings.items() if s.shares_checkins}
    _add_checkins(sharing, today)
    _add_reports_of_use(sharing, today)
    _add_bam(sharing)
    return list(standings.values())


def _open_alert_stages(sharing: list[int]) -> dict[int, str]:
    """The most urgent open alert's stage of each client who shares alerts (one query)."""
    stages: dict[int, str] = {}
    alerts = Alert.objects.unresolved().filter(member_id__in=sharing)
    for member_id, stage in alerts.values_list("member_id", "stage"):
        if Stage.by_urgency(stage) < Stage.by_urgency(stages.get(member_id)):
            stages[member_id] = stage
    return stages


def _latest_reviews(sharing: list[int]) -> dict[int, tuple[int, str]]:
    """The latest review (version, status) of each shared plan, by member (one query)."""
    newest_first = Window(
        RowNumber(), partition_by=F("plan_id"), order_by=[F("created_at").desc(), F("pk").desc()]
    )
    latest = (
        PlanReview.objects.filter(plan__member_id__in=sharing)
        .annotate(newest=newest_first)
        .filter(newest=1)
        .values_list("plan__member_id", "version_number", "status")
    )
    return {member_id: (version, status) for member_id, version, status in latest}


def _add_checkins(sharing: dict[int, _Standing], today: _Today) -> None:
    """For clients who share check-ins, over their own last SPARK_DAYS days: the highest
    craving and whether a check-in said "used today" (one aggregate row a client; the
    answers of clients who do not share are not read)."""
    if not sharing:
        return
    window = _own_windows(list(sharing.values()))
    rows = (
        CheckIn.objects.filter(
            member_id__in=list(sharing),
            local_date__gte=today.reach,
        )
        .values("member_id")
        .annotate(
            craving=Max("craving", filter=window),
            used=Count("pk", filter=window & Q(used_today=True)),
        )
    )
    for row in rows:
        s = sharing[row["member_id"]]
        s.highest_craving = row["craving"]
        s.checkin_said_use = row["used"] > 0


def _own_windows(sharing: list[_Standing]) -> Q:
    """Each sharing client's own last SPARK_DAYS days, as one filter on their check-ins.

    A caseload spans a few time zones, so its clients have one, two or three "todays". The
    most common one is said as dates alone, the others with their clients' ids, so the
    filter stays cheap for a large caseload (an id list is checked row by row)."""
    by_today: dict[date, list[int]] = defaultdict(list)
    for s in sharing:
        by_today[s.local_today].append(s.pk)
    groups = sorted(by_today.items(), key=lambda item: len(item[1]))
    *others, (most_today, _) = groups

    def days(own_today: date) -> Q:
        return Q(local_date__range=(spark_start(own_today), own_today))

    other_pks = [pk for _, pks in others for pk in pks]
    window = days(most_today) & ~Q(member_id__in=other_pks) if other_pks else days(most_today)
    for own_today, pks in others:
        window |= days(own_today) & Q(member_id__in=pks)
    return window


def _add_reports_of_use(sharing: dict[int, _Standing], today: _Today) -> None:
    """Reports of use in the last two weeks of clients who share check-ins (one query; each
    client's own window is applied by `_used_lately` and the sparkline)."""
    reports = UseReport.objects.filter(member_id__in=list(sharing), local_date__gte=today.reach)
    for member_id, day in reports.values_list("member_id", "local_date"):
        sharing[member_id].report_days.add(day)


def _page_days(on_page: list[_Standing], today: _Today) -> dict[int, list[_Day]]:
    """The page's sharing clients' check-ins of the last two weeks, for their sparklines
    (one query, at most 25 clients' days)."""
    days: dict[int, list[_Day]] = defaultdict(list)
    rows = CheckIn.objects.filter(
        member_id__in=[s.pk for s in on_page], local_date__gte=today.reach
    ).values_list(
        "member_id", "local_date", "craving", "used_today", "hungry", "angry", "lonely", "tired"
    )
    for member_id, day, craving, used, *halt in rows:
        days[member_id].append(_Day(day, craving, used, halt_high_count(*halt)))
    return days


def _add_bam(sharing: dict[int, _Standing]) -> None:
    """Each sharing client's latest BAM and the one before, for the change (one query)."""
    newest_first = Window(
        RowNumber(),
        partition_by=F("member_id"),
        order_by=[F("completed_at").desc(), F("pk").desc()],
    )
    latest_two = (
        BamResult.objects.filter(member_id__in=list(sharing))
        .annotate(newest=newest_first)
        .filter(newest__lte=2)
        .order_by("member_id", "newest")
        .values_list("member_id", "local_date", "use", "risk", "protective")
    )
    found: dict[int, list[tuple[date, int, int, int]]] = defaultdict(list)
    for member_id, *result in latest_two:
        found[member_id].append(tuple(result))  # type: ignore[arg-type]
    for member_id, results in found.items():
        (on, *latest), *before = results
        changes: list[int | None] = (
            [new - old for new, old in zip(latest, before[0][1:], strict=True)]
            if before
            else [None, None, None]
        )
        sharing[member_id].bam = Bam(on, *latest, *changes)
