"""The counselor's caseload, a page at a time: each client's plan state, open alert and last
two weeks of craving (a sparkline), most urgent first, with the filters staff reach for."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import QueryDict
from django.utils.functional import Promise

from accounts.access import shares, visible_members
from accounts.models import Scope, User, program_today
from alerts.models import Alert
from checkins.chart import SPARK_DAYS, Sparkline, sparkline
from checkins.models import CheckIn, UseReport
from checkins.progress import days_with_use, local_date
from core.paging import Listing, choice, listing
from core.stages import Stage
from plans.models import PlanReview
from plans.sections import SECTIONS
from plans.status import PlanState, plan_state

ALL = "all"
ATTENTION = "attention"
SHOW = (ALL, ATTENTION)
QUIET_DAYS = ("3", "7", "14")  # "no check-in for N days"
# A plan waiting on the counselor; with an open alert, what "needs attention" means.
PLAN_NEEDS_YOU = (PlanState.AWAITING_REVIEW, PlanState.CHANGED_SINCE_REVIEW)


@dataclass(frozen=True)
class CaseloadFilters:
    """What the counselor narrowed the caseload to (names and numbers only: no health
    data goes into a URL)."""

    show: str = ALL
    stage: str = ""  # only clients whose most urgent open alert is at this stage
    quiet: str = ""  # only clients with no check-in for this many days

    @classmethod
    def from_query(cls, query: QueryDict) -> CaseloadFilters:
        return cls(
            show=choice(query, "show", SHOW, ALL),
            stage=choice(query, "stage", Stage.values),
            quiet=choice(query, "quiet", QUIET_DAYS),
        )

    def as_query(self) -> dict[str, str]:
        return {
            "show": "" if self.show == ALL else self.show,
            "stage": self.stage,
            "quiet": self.quiet,
        }


@dataclass(frozen=True)
class _Standing:
    """Where one client stands: all the caseload needs to filter and sort before paging."""

    pk: int
    name: str
    shares_plan: bool
    shares_alerts: bool
    shares_checkins: bool
    plan_state: str
    alert_stage: str | None  # only where the client shares alerts with this counselor

    @property
    def needs_attention(self) -> bool:
        return self.alert_stage is not None or self.plan_state in PLAN_NEEDS_YOU

    @property
    def urgency(self) -> tuple[int, int, str, int]:
        return (
            Stage.by_urgency(self.alert_stage),
            PlanState.URGENCY.index(self.plan_state),
            self.name.lower(),
            self.pk,  # a stable order, so no client moves between pages on a tie
        )


@dataclass(frozen=True)
class CaseloadRow:
    """One client as the caseload shows them."""

    client: User
    shares_plan: bool  # the plan state shows (and is audited) only then
    shares_alerts: bool  # the open alert's stage shows (and is audited) only then
    plan_state: str
    alert_stage: str | None
    recent: Sparkline | None = None  # only for clients who share check-ins (then audited)

    @property
    def plan_state_label(self) -> Promise:
        return PlanState.LABELS[self.plan_state]


@dataclass(frozen=True)
class Caseload:
    listing: Listing  # rows: CaseloadRow
    total: int  # clients on the care team, before any filter


def caseload(counselor: User, filters: CaseloadFilters, page_number: Any) -> Caseload:
    """One page of the counselor's clients, most urgent first.

    Ordering needs every client's alert stage and plan state, so those come for all of them
    in three narrow, set-based queries (no per-client subquery); the rest (the people, the
    sparklines) only for the page's rows. Constant query count for any caseload size.
    """
    standings = _standings(counselor)
    chosen = [s for s in standings if _matches(s, filters)]
    if filters.quiet:
        quiet = _quiet_since(counselor, program_today() - timedelta(days=int(filters.quiet)))
        chosen = [s for s in chosen if s.pk not in quiet]
    chosen.sort(key=lambda s: s.urgency)
    page = listing(chosen, page_number, filters.as_query())
    on_page: list[_Standing] = list(page.rows)
    people = User.objects.filter(pk__in=[s.pk for s in on_page]).only(
        "pk", "display_name", "timezone"
    )
    by_pk = {p.pk: p for p in people} if on_page else {}
    sparks = _sparklines([by_pk[s.pk] for s in on_page if s.shares_checkins])
    page.page.object_list = [
        CaseloadRow(
            client=by_pk[s.pk],
            shares_plan=s.shares_plan,
            shares_alerts=s.shares_alerts,
            plan_state=s.plan_state,
            alert_stage=s.alert_stage,
            recent=sparks.get(s.pk),
        )
        for s in on_page
    ]
    return Caseload(page, len(standings))


def _matches(standing: _Standing, filters: CaseloadFilters) -> bool:
    if filters.show == ATTENTION and not standing.needs_attention:
        return False
    return not filters.stage or standing.alert_stage == filters.stage


def _standings(counselor: User) -> list[_Standing]:
    """Every client's plan state and most urgent open stage (three queries)."""
    clients = (
        visible_members(counselor, Scope.ENGAGEMENT)
        .annotate(
            shares_plan=shares(counselor, Scope.PLAN),
            shares_alerts=shares(counselor, Scope.ALERTS),
            shares_checkins=shares(counselor, Scope.CHECKINS),
            plan_revision=F("plan__revision"),
            plan_finished=F("plan__finished_sections"),
        )
        .values_list(
            "pk",
            "display_name",
            "shares_plan",
            "shares_alerts",
            "shares_checkins",
            "plan_revision",
            "plan_finished",
        )
    )
    # The alert and plan queries go through the gate themselves: an open alert's stage of a
    # client who does not share alerts is never read, nor a review of an unshared plan.
    stages: dict[int, str] = {}
    alerts = Alert.objects.unresolved().filter(member__in=visible_members(counselor, Scope.ALERTS))
    for member_id, stage in alerts.values_list("member_id", "stage"):
        if Stage.by_urgency(stage) < Stage.by_urgency(stages.get(member_id)):
            stages[member_id] = stage
    reviews = _latest_reviews(counselor)
    section_keys = {s.key for s in SECTIONS}
    standings = []
    for pk, name, plan, alerts_shared, checkins, revision, finished in clients:
        reviewed_version, review_status = reviews.get(pk, (None, None))
        state = plan_state(
            shared=plan,
            revision=revision,
            complete=section_keys <= set(finished or []),
            reviewed_version=reviewed_version,
            review_status=review_status,
        )
        standings.append(
            _Standing(
                pk, name, bool(plan), bool(alerts_shared), bool(checkins), state, stages.get(pk)
            )
        )
    return standings


def _latest_reviews(counselor: User) -> dict[int, tuple[int, str]]:
    """The latest review (version, status) of each shared plan, by member (one query)."""
    newest_first = Window(
        RowNumber(), partition_by=F("plan_id"), order_by=[F("created_at").desc(), F("pk").desc()]
    )
    latest = (
        PlanReview.objects.filter(plan__member__in=visible_members(counselor, Scope.PLAN))
        .annotate(newest=newest_first)
        .filter(newest=1)
        .values_list("plan__member_id", "version_number", "status")
    )
    return {member_id: (version, status) for member_id, version, status in latest}


def _quiet_since(counselor: User, since: date) -> set[int]:
    """Clients who checked in on or after `since` (engagement only: checked in or not)."""
    recent = CheckIn.objects.filter(
        member__in=visible_members(counselor, Scope.ENGAGEMENT), local_date__gte=since
    )
    return set(recent.values_list("member_id", flat=True).distinct())


def _sparklines(members: list[User]) -> dict[int, Sparkline]:
    """Each member's last SPARK_DAYS days of craving and use, in two queries for them all."""
    if not members:
        return {}
    today = {m.pk: local_date(m.timezone) for m in members}
    since = min(today.values()) - timedelta(days=SPARK_DAYS - 1)
    checkins: dict[int, list[CheckIn]] = defaultdict(list)
    for checkin in CheckIn.objects.filter(member__in=members, local_date__gte=since).only(
        "member", "local_date", "craving", "used_today"
    ):
        checkins[checkin.member_id].append(checkin)
    reported: dict[int, list[date]] = defaultdict(list)
    for member_id, day in UseReport.objects.filter(
        member__in=members, local_date__gte=since
    ).values_list("member_id", "local_date"):
        reported[member_id].append(day)
    return {
        m.pk: sparkline(
            [(c.local_date, c.craving) for c in checkins[m.pk]],
            days_with_use(reported[m.pk], checkins[m.pk]),
            today[m.pk],
        )
        for m in members
    }
