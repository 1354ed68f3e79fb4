"""Turning warning-stage signals into alerts, and moving an alert through its states."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts.enqueue import enqueue_on_commit
from accounts.models import User
from contacts.models import Rsvp

from .models import Alert, AlertStage, AlertStatus, CheckIn, StruggleReport, UseReport
from .progress import local_date
from .warning import DEFAULT_RULES, DayFacts, History, Signal, signals


class WrongState(Exception):
    """The alert is not in a state that allows this step."""


def history_for(member: User) -> History:
    """The facts the rules read, in four queries."""
    today = local_date(member.timezone)
    since = today - timedelta(days=DEFAULT_RULES["lookback_days"] + 7)
    checkins = [
        DayFacts(
            day=c.local_date,
            hungry=c.hungry,
            angry=c.angry,
            lonely=c.lonely,
            tired=c.tired,
            craving=c.craving,
            sleep_hours=float(c.sleep_hours),
            medication=c.medication,
            support_contact=c.support_contact,
            used=c.used_today,
            noticed_stages=frozenset(s.get("stage", "") for s in c.noticed_signs),
        )
        for c in CheckIn.objects.filter(member=member, local_date__gte=since)
    ]
    use_days = list(
        UseReport.objects.filter(member=member, local_date__gte=since).values_list(
            "local_date", flat=True
        )
    )
    attended = [
        local_date(member.timezone, start)
        for start in Rsvp.objects.filter(
            member=member, attended=True, event__starts_at__date__gte=since
        ).values_list("event__starts_at", flat=True)
    ]
    # Once a counselor resolved the mental-stage alert it raised, a report has been heard.
    heard = Alert.objects.filter(
        member=member,
        stage=AlertStage.MENTAL,
        status=AlertStatus.RESOLVED,
        resolved_at__gte=OuterRef("created_at"),
    )
    struggling = list(
        StruggleReport.objects.filter(member=member, local_date__gte=since)
        .exclude(Exists(heard))
        .values_list("local_date", flat=True)
    )
    return History(
        today=today,
        checkins=checkins,
        use_days=use_days,
        attended_days=attended,
        struggling_days=struggling,
    )


def _signal_rows(found: list[Signal]) -> list[dict[str, str]]:
    return [{"code": s.code, "explanation": s.explanation} for s in found]


@transaction.atomic
def evaluate(
    member: User, rules: dict[str, int] | None = None, *, tell_supporters: bool = True
) -> list[Alert]:
    """Run the rules for one member; open or update one alert per stage with signals.

    A new alert is sent on to people after commit; `tell_supporters` False keeps it to the
    care team (the member is about to choose whom to tell themselves).
    """
    from django.conf import settings

    now = timezone.now()
    found = signals(history_for(member), {**settings.WAYPOINT_WARNING_RULES, **(rules or {})})
    by_stage: dict[str, list[Signal]] = defaultdict(list)
    for signal in found:
        by_stage[signal.stage].append(signal)
    alerts, opened = [], []
    for stage, stage_signals in by_stage.items():
        rows = _signal_rows(stage_signals)
        alert = (
            Alert.objects.unresolved()
            .select_for_update()
            .filter(member=member, stage=stage)
            .first()
        )
        if alert is None:
            try:
                with transaction.atomic():
                    alert = Alert.objects.create(
                        member=member, stage=stage, signals=rows, opened_at=now, updated_at=now
                    )
                opened.append(alert.pk)
            except IntegrityError:
                # Another evaluation opened it a moment ago: update that one instead.
                alert = (
                    Alert.objects.unresolved().select_for_update().get(member=member, stage=stage)
                )
        if alert.signals != rows:
            alert.signals = rows
            alert.updated_at = now
            alert.save(update_fields=["signals", "updated_at"])
        alerts.append(alert)
    CheckIn.objects.filter(member=member, evaluated_at__isnull=True).update(evaluated_at=now)
    UseReport.objects.filter(member=member, evaluated_at__isnull=True).update(evaluated_at=now)
    if opened:
        from .tasks import notify_alert

        for alert_id in opened:
            enqueue_on_commit(notify_alert, alert_id, tell_supporters)
    return alerts


def unevaluated_members(settled_seconds: int = 60) -> QuerySet[User]:
    """Members with a check-in or report saved but never evaluated (the broker was down)."""
    before = timezone.now() - timedelta(seconds=settled_seconds)
    checkins = CheckIn.objects.filter(evaluated_at__isnull=True, updated_at__lt=before).values(
        "member_id"
    )
    reports = UseReport.objects.filter(evaluated_at__isnull=True, created_at__lt=before).values(
        "member_id"
    )
    return User.objects.filter(pk__in=checkins.union(reports))


def quiet_members(days: int = 3, window: int = 14) -> QuerySet[User]:
    """Members who checked in within `window` days but not in the last `days`: isolation."""
    today = timezone.localdate()
    recent = CheckIn.objects.filter(local_date__gte=today - timedelta(days=window))
    silent_since = today - timedelta(days=days - 1)
    return User.objects.filter(pk__in=recent.values("member_id")).exclude(
        checkins__local_date__gte=silent_since
    )


# --- States: open -> acknowledged -> resolved, only through these two functions ------------


def acknowledge(alert_id: int, by: User, note: str = "") -> Alert:
    now = timezone.now()
    moved = Alert.objects.filter(pk=alert_id, status=AlertStatus.OPEN).update(
        status=AlertStatus.ACKNOWLEDGED, acknowledged_by=by, acknowledged_at=now, note=note
    )
    if not moved:
        raise WrongState(alert_id)
    return Alert.objects.get(pk=alert_id)


def resolve(alert_id: int, by: User, note: str = "") -> Alert:
    now = timezone.now()
    fields = {"status": AlertStatus.RESOLVED, "resolved_by": by, "resolved_at": now}
    if note:
        fields["note"] = note
    moved = Alert.objects.filter(
        pk=alert_id, status__in=[AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED]
    ).update(**fields)
    if not moved:
        raise WrongState(alert_id)
    return Alert.objects.get(pk=alert_id)
