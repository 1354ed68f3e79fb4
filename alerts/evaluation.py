"""Turning warning-stage signals into alerts, and moving an alert through its states."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Min, OuterRef, QuerySet
from django.utils import timezone

from accounts.models import User
from alerts.models import Alert, AlertStatus, StruggleReport
from alerts.rules import (
    DEFAULT_RULES,
    SELF_HARM,
    BamFacts,
    DayFacts,
    History,
    Signal,
    signals,
)
from alumni.models import Rsvp
from checkins.models import CheckIn, UseReport
from checkins.progress import local_date
from core.stages import Stage
from measures.models import BamResult


class WrongState(Exception):
    """The alert is not in a state that allows this step."""


@dataclass(frozen=True)
class Evaluation:
    """What one evaluation found: each member's alerts, and the news among them."""

    alerts: dict[int, list[Alert]]  # member id -> unresolved alerts with signals, highest first
    opened: list[Alert]  # opened just now: the caller has people told (alerts.tasks)
    # Alerts a new signal reached (an acknowledged one is open again): the caller has the
    # care team told again; alerts.notify decides whether the repeat window allows it yet.
    renewed: list[Alert] = field(default_factory=list)

    @property
    def news(self) -> list[Alert]:
        """Every alert people should hear about after this evaluation."""
        return [*self.opened, *self.renewed]

    # A new "yes" to the self-harm question, on a new or an existing alert: the caller has
    # on-call told at once (alerts.notify.escalate_now), without waiting for escalation.
    urgent: list[Alert] = field(default_factory=list)


def _day_facts(c: CheckIn) -> DayFacts:
    return DayFacts(
        day=c.local_date,
        hungry=c.hungry,
        angry=c.angry,
        lonely=c.lonely,
        tired=c.tired,
        craving=c.craving,
        sleep_hours=None if c.sleep_hours is None else float(c.sleep_hours),
        medication=c.medication,
        support_contact=c.support_contact,
        used=c.used_today,
        mood=c.mood,
        self_harm=bool(c.self_harm),
        noticed_stages=frozenset(s.get("stage", "") for s in c.noticed_signs),
    )


def histories_for(members: Sequence[User]) -> dict[int, History]:
    """The facts the rules read for a batch of members, in five queries whatever its size."""
    return _histories(members)[0]


def _histories(members: Sequence[User]) -> tuple[dict[int, History], list[int]]:
    """`histories_for`, and the BAM results among them the rules have not read yet."""
    ids = [m.pk for m in members]
    today = {m.pk: local_date(m.timezone) for m in members}
    # Members' local days differ by a day at most: one window, trimmed by the rules.
    since = min(today.values(), default=timezone.localdate()) - timedelta(
        days=DEFAULT_RULES["lookback_days"] + 7
    )
    checkins: dict[int, list[DayFacts]] = defaultdict(list)
    for c in CheckIn.objects.filter(member_id__in=ids, local_date__gte=since):
        checkins[c.member_id].append(_day_facts(c))
    use_days: dict[int, list[date]] = defaultdict(list)
    for member_id, day in UseReport.objects.filter(
        member_id__in=ids, local_date__gte=since
    ).values_list("member_id", "local_date"):
        use_days[member_id].append(day)
    tz = {m.pk: m.timezone for m in members}
    attended: dict[int, list[date]] = defaultdict(list)
    for member_id, start in Rsvp.objects.filter(
        member_id__in=ids, attended=True, event__starts_at__date__gte=since
    ).values_list("member_id", "event__starts_at"):
        attended[member_id].append(local_date(tz[member_id], start))
    # Once a counselor resolved the mental-stage alert it raised, a report has been heard.
    heard = Alert.objects.filter(
        member=OuterRef("member"),
        stage=Stage.MENTAL,
        status=AlertStatus.RESOLVED,
        resolved_at__gte=OuterRef("created_at"),
    )
    struggling: dict[int, list[date]] = defaultdict(list)
    for member_id, day in (
        StruggleReport.objects.filter(member_id__in=ids, local_date__gte=since)
        .exclude(Exists(heard))
        .values_list("member_id", "local_date")
    ):
        struggling[member_id].append(day)
    bams, unread = _latest_bams(ids)
    histories = {
        pk: History(
            today=today[pk],
            checkins=checkins[pk],
            use_days=use_days[pk],
            attended_days=attended[pk],
            struggling_days=struggling[pk],
            bam=bams[pk],
        )
        for pk in ids
    }
    return histories, unread


# A crossing compares the latest BAM with the one before; one older than this reads as none
# (a member back after months starts afresh). Weekly to monthly, so a few rows per member.
BAM_BEFORE_DAYS = 120


def _latest_bams(ids: list[int]) -> tuple[dict[int, list[BamFacts]], list[int]]:
    """Each member's latest two BAM results within BAM_BEFORE_DAYS, and the ids of those the
    rules have not read yet (one query)."""
    since = timezone.now() - timedelta(days=BAM_BEFORE_DAYS)
    rows = (
        BamResult.objects.filter(member_id__in=ids, completed_at__gte=since)
        .order_by("member_id", "-completed_at", "-pk")
        .values_list("pk", "member_id", "local_date", "use", "risk", "protective", "evaluated_at")
    )
    found: dict[int, list[BamFacts]] = defaultdict(list)
    unread = []
    for pk, member_id, day, use, risk, protective, evaluated_at in rows:
        if len(found[member_id]) < 2:
            found[member_id].append(BamFacts(day, use, risk, protective))
        if evaluated_at is None:
            unread.append(pk)
    return found, unread


def history_for(member: User) -> History:
    return histories_for([member])[member.pk]


# A signal as an alert keeps it (Alert.signals, JSON): its code, its sentence in the
# program's language, and the words to say it again in a reader's (None before they were kept).
SignalRow = dict[str, Any]


def _signal_rows(found: list[Signal]) -> list[SignalRow]:
    return [{"code": s.code, "explanation": s.explanation, "words": s.words} for s in found]


# Signals that stand for something the member did: each new one is news, even on a day
# that already had one (a second lapse the same afternoon).
EVENT_CODES = frozenset({"use", "struggling", "bam_use"})


def news(
    before: Sequence[SignalRow], after: Sequence[SignalRow], fresh: frozenset[str]
) -> list[SignalRow]:
    """The signals in `after` the care team has not heard of.

    A kind of signal `before` did not have, or a use or "I'm struggling" newer than the one
    `before` named (another day, or a report saved since the last evaluation: `fresh` holds
    the codes of such reports). A count that moved (craving high on 3 of the last 3 rather
    than 2 of 3) is the same news, not a new signal.
    """
    known = {r["code"]: r["explanation"] for r in before}
    return [
        r
        for r in after
        if r["code"] not in known
        or (
            r["code"] in EVENT_CODES
            and (known[r["code"]] != r["explanation"] or r["code"] in fresh)
        )
    ]


def _fresh_reports(ids: list[int]) -> dict[int, frozenset[str]]:
    """Per member, the event codes of reports saved since the last evaluation (two queries)."""
    fresh: dict[int, set[str]] = defaultdict(set)
    for member_id in UseReport.objects.filter(
        member_id__in=ids, evaluated_at__isnull=True
    ).values_list("member_id", flat=True):
        fresh[member_id].add("use")
    for member_id in StruggleReport.objects.filter(
        member_id__in=ids, evaluated_at__isnull=True
    ).values_list("member_id", flat=True):
        fresh[member_id].add("struggling")
    return {pk: frozenset(fresh[pk]) for pk in ids}


def _last_resolved(ids: list[int], since: datetime) -> dict[tuple[int, str], Alert]:
    """Each member's most recently resolved alert per stage, resolved since `since`."""
    found: dict[tuple[int, str], Alert] = {}
    for alert in Alert.objects.filter(
        member_id__in=ids, status=AlertStatus.RESOLVED, resolved_at__gte=since
    ).order_by("resolved_at"):
        found[(alert.member_id, alert.stage)] = alert
    return found


def _renew(alert: Alert, arrived: list[SignalRow], now: datetime) -> None:
    """A new signal reached an unresolved alert: keep it as "new since you looked", leave
    the news waiting for the care team, and open an acknowledged alert again. The
    acknowledgement (who, when, their note) stays on the alert as its history."""
    stamp = now.isoformat()
    alert.new_signals = [*alert.new_signals, *({**r, "at": stamp} for r in arrived)]
    alert.news_at = alert.news_at or now
    if alert.status == AlertStatus.ACKNOWLEDGED:
        alert.status, alert.reopened_at = AlertStatus.OPEN, now
        alert.escalated_at = None  # not acknowledged in time again: on call hears again


def _self_harm_row(rows: list[SignalRow]) -> SignalRow | None:
    return next((row for row in rows if row["code"] == SELF_HARM), None)


@transaction.atomic
def evaluate_many(members: Sequence[User], rules: dict[str, int] | None = None) -> Evaluation:
    """Run the rules for a batch; open or update one alert per member and stage with signals.

    Set-based (about ten queries a batch), so a sweep keeps up with a whole program. Telling
    people about what opened is the caller's (a task, after commit): the rules stay pure of
    messaging, and a lost task is caught by the unnotified sweep (Alert.notified_at).
    """
    now = timezone.now()
    merged = {**settings.WAYPOINT_WARNING_RULES, **(rules or {})}
    ids = [m.pk for m in members]
    histories, unread_bams = _histories(members)
    found = {pk: signals(history, merged) for pk, history in histories.items()}
    existing = {
        (a.member_id, a.stage): a
        for a in Alert.objects.unresolved().select_for_update().filter(member_id__in=ids)
    }
    fresh_codes = _fresh_reports(ids)
    lookback = merged.get("lookback_days", DEFAULT_RULES["lookback_days"])
    resolved = _last_resolved(ids, now - timedelta(days=lookback))
    changed, new, renewed, urgent_keys = [], [], [], set()
    for member_id, member_signals in found.items():
        by_stage: dict[str, list[Signal]] = defaultdict(list)
        for signal in member_signals:
            by_stage[signal.stage].append(signal)
        for stage, stage_signals in by_stage.items():
            rows = _signal_rows(stage_signals)
            alert = existing.get((member_id, stage))
            reported = fresh_codes[member_id]
            self_harm = _self_harm_row(rows)
            if self_harm and (alert is None or _self_harm_row(alert.signals) != self_harm):
                urgent_keys.add((member_id, stage))
            if alert is None:
                last = resolved.get((member_id, stage))
                heard = last is not None and all(r in last.signals for r in rows)
                if heard and not reported & {r["code"] for r in rows}:
                    continue  # exactly what a counselor already resolved: heard
                new.append(
                    Alert(
                        member_id=member_id,
                        stage=stage,
                        signals=rows,
                        opened_at=now,
                        updated_at=now,
                        notified_at=None,
                        # Privacy: whom to tell about thoughts of self-harm is the member's.
                        tell_supporters=self_harm is None,
                    )
                )
            elif alert.signals != rows or reported:
                arrived = news(alert.signals, rows, reported)
                if alert.signals == rows and not arrived:
                    continue
                alert.signals, alert.updated_at = rows, now
                if arrived:
                    _renew(alert, arrived, now)
                    renewed.append(alert)
                alert.tell_supporters = alert.tell_supporters and self_harm is None
                changed.append(alert)
    if changed:
        Alert.objects.bulk_update(
            changed,
            [
                "signals",
                "updated_at",
                "new_signals",
                "news_at",
                "status",
                "reopened_at",
                "escalated_at",
                "tell_supporters",
            ],
        )
    fresh: list[Alert] = []
    if new:
        # A concurrent evaluation may have opened one of these a moment ago: the partial
        # unique constraint turns ours away and theirs stands.
        Alert.objects.bulk_create(new, ignore_conflicts=True)
        fresh = list(Alert.objects.unresolved().filter(member_id__in={a.member_id for a in new}))
    new_keys = {(a.member_id, a.stage) for a in new}
    opened = [a for a in fresh if (a.member_id, a.stage) in new_keys and a.opened_at == now]
    CheckIn.objects.filter(member_id__in=ids, evaluated_at__isnull=True).update(evaluated_at=now)
    UseReport.objects.filter(member_id__in=ids, evaluated_at__isnull=True).update(evaluated_at=now)
    StruggleReport.objects.filter(member_id__in=ids, evaluated_at__isnull=True).update(
        evaluated_at=now
    )
    if unread_bams:  # a BAM just completed: no query for every other evaluation
        BamResult.objects.filter(member_id__in=ids, evaluated_at__isnull=True).update(
            evaluated_at=now
        )
    current = {**existing, **{(a.member_id, a.stage): a for a in fresh}}
    result: dict[int, list[Alert]] = {}
    for member_id, member_signals in found.items():
        stages = list(dict.fromkeys(s.stage for s in member_signals))  # highest first
        result[member_id] = [
            current[(member_id, st)] for st in stages if (member_id, st) in current
        ]
    urgent = [current[key] for key in urgent_keys if key in current]
    return Evaluation(alerts=result, opened=opened, renewed=renewed, urgent=urgent)


def evaluate(member: User, rules: dict[str, int] | None = None) -> list[Alert]:
    """Run the rules for one member (see evaluate_many); nobody is told from here."""
    return evaluate_many([member], rules).alerts[member.pk]


# Saved this long ago and still unevaluated: its own task was lost (the broker was down).
# Short, so that with the sweep's 30 s tick (settings) a check-in saved during an outage is
# evaluated within a minute of the broker's return; long enough that the sweep rarely races
# the task queued at the save (which would only evaluate twice: evaluation is idempotent).
SETTLED_SECONDS = 20


# The sweep's tick (30 s) after SETTLED_SECONDS, with room for a slow run: anything waiting
# longer means evaluation has stopped (/healthz/deep reports it late).
UNEVALUATED_LATE_AFTER = timedelta(minutes=2)

# What the rules read, each with the field that says when it was saved; evaluated_at is
# NULL until they have read it. Each has a partial index on exactly that.
_EVALUATED_ROWS: tuple[tuple[type[CheckIn] | type[UseReport] | type[BamResult], str], ...] = (
    (CheckIn, "updated_at"),
    (UseReport, "created_at"),
    (BamResult, "completed_at"),
)


def unevaluated_members(settled_seconds: int = SETTLED_SECONDS) -> QuerySet[User]:
    """Members with a check-in, report or BAM saved but never evaluated (the broker was down)."""
    before = timezone.now() - timedelta(seconds=settled_seconds)
    # order_by() drops Meta.ordering: SQLite refuses ORDER BY inside a compound SELECT
    # (the embedded default must work too).
    first, *others = (
        model._default_manager.filter(evaluated_at__isnull=True, **{f"{saved}__lt": before})
        .order_by()
        .values("member_id")
        for model, saved in _EVALUATED_ROWS
    )
    return User.objects.filter(pk__in=first.union(*others))


def oldest_unevaluated() -> datetime | None:
    """When the longest-waiting check-in or report the rules have not read was saved."""
    found = [
        model._default_manager.filter(evaluated_at__isnull=True).aggregate(at=Min(saved))["at"]
        for model, saved in _EVALUATED_ROWS
    ]
    return min((at for at in found if at is not None), default=None)


def quiet_members(days: int = 3, window: int = 14) -> QuerySet[User]:
    """Members who checked in within `window` days but not in the last `days`: isolation."""
    today = timezone.localdate()
    recent = CheckIn.objects.filter(local_date__gte=today - timedelta(days=window))
    silent_since = today - timedelta(days=days - 1)
    return User.objects.filter(pk__in=recent.values("member_id")).exclude(
        checkins__local_date__gte=silent_since
    )


# --- States: open -> acknowledged -> resolved, only through these two functions ------------


def with_note(earlier: str, note: str) -> str:
    """A counselor's notes are kept: a new one is added after the earlier ones."""
    return "\n\n".join(n for n in (earlier.strip(), note.strip()) if n)


@transaction.atomic
def acknowledge(alert_id: int, by: User, note: str = "") -> Alert:
    """The counselor has looked: what arrived since is no longer new, nothing waits to be
    told, and a note is added to any earlier acknowledgement's (a re-opened alert's)."""
    alert = Alert.objects.select_for_update().filter(pk=alert_id).first()
    if alert is None or alert.status != AlertStatus.OPEN:
        raise WrongState(alert_id)
    alert.status, alert.acknowledged_by, alert.acknowledged_at = (
        AlertStatus.ACKNOWLEDGED,
        by,
        timezone.now(),
    )
    alert.note = with_note(alert.note, note)
    alert.new_signals, alert.news_at = [], None
    alert.save(
        update_fields=[
            "status",
            "acknowledged_by",
            "acknowledged_at",
            "note",
            "new_signals",
            "news_at",
        ]
    )
    return alert


def resolve(alert_id: int, by: User, note: str = "") -> Alert:
    """Resolved, with its own note: the acknowledgement's note stays as it was."""
    now = timezone.now()
    fields = {"status": AlertStatus.RESOLVED, "resolved_by": by, "resolved_at": now}
    fields["resolution_note"] = note
    fields["news_at"] = None
    moved = Alert.objects.filter(
        pk=alert_id, status__in=[AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED]
    ).update(**fields)
    if not moved:
        raise WrongState(alert_id)
    return Alert.objects.get(pk=alert_id)
