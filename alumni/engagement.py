"""A group's engagement over time: how many of its members were active each week.

Active in a week = checked in on some day of it, or attended an event that started
in it. Only that a check-in exists is read, never what it says. The chart is a small
server-drawn SVG of bars (no script, no third party), like checkins/chart.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import DateField, QuerySet, TextChoices
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User, program_today
from alumni.models import PeerPairing, Rsvp
from checkins.models import CheckIn

WEEKS = 12
WIDTH, HEIGHT, PAD, LABEL = 640, 220, 24, 20


def first_week(today: date, weeks: int = WEEKS) -> date:
    """The Monday that starts the window of `weeks` weeks ending with today's week."""
    return today - timedelta(days=today.weekday(), weeks=weeks - 1)


def weekly_active(
    activity: Iterable[tuple[int, date]], start: date, weeks: int = WEEKS
) -> list[int]:
    """activity: (member id, any day in the week) pairs; distinct active members per week."""
    seen: list[set[int]] = [set() for _ in range(weeks)]
    for member_id, day in activity:
        index = (day - start).days // 7
        if 0 <= index < weeks:
            seen[index].add(member_id)
    return [len(s) for s in seen]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def group_activity(members: QuerySet[User], start: date, end: date) -> list[tuple[int, date]]:
    """(member, week's Monday) pairs for check-ins and attended events: two small queries.

    Grouped by week in the database, so at most members x weeks rows come back.
    """
    tz = timezone.get_default_timezone()
    checked_in = (
        CheckIn.objects.filter(member__in=members, local_date__gte=start, local_date__lte=end)
        .annotate(week=TruncWeek("local_date", output_field=DateField()))
        .values_list("member_id", "week")
        .distinct()
    )
    attended = (
        Rsvp.objects.filter(
            member__in=members,
            attended=True,
            event__starts_at__gte=_day_start(start),
            event__starts_at__lt=_day_start(end + timedelta(days=1)),
        )
        .annotate(week=TruncWeek("event__starts_at", tzinfo=tz, output_field=DateField()))
        .values_list("member_id", "week")
        .distinct()
    )
    return [*checked_in, *attended]


@dataclass(frozen=True)
class Bar:
    week: date
    count: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    show_week: bool

    @property
    def label_y(self) -> float:
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    top: int
    members: int
    start: date
    end: date
    weeks: int

    @property
    def baseline(self) -> int:
        return self.height - PAD - LABEL


def build(counts: list[int], start: date, members: int) -> BarChart:
    """Bars on one scale: the group's size (or the largest week, if members left since)."""
    weeks = len(counts)
    top = max(1, members, *counts)
    slot = (WIDTH - 2 * PAD) / max(weeks, 1)
    plot = HEIGHT - 2 * PAD - LABEL
    bars = []
    for index, count in enumerate(counts):
        height = round(count * plot / top, 1)
        x = PAD + index * slot
        bars.append(
            Bar(
                week=start + timedelta(weeks=index),
                count=count,
                x=round(x + slot * 0.15, 1),
                y=round(PAD + plot - height, 1),
                width=round(slot * 0.7, 1),
                height=height,
                label_x=round(x + slot / 2, 1),
                # Every other week is labelled: twelve dates do not fit under a phone's bars.
                show_week=(weeks - 1 - index) % 2 == 0,
            )
        )
    end = start + timedelta(weeks=weeks, days=-1)
    return BarChart(WIDTH, HEIGHT, bars, top, members, start, end, weeks)


def group_chart(members: QuerySet[User], member_count: int, today: date | None = None) -> BarChart:
    """The last 12 weeks of a group: active members per week, as bars and as numbers."""
    today = today or program_today()
    start = first_week(today)
    counts = weekly_active(group_activity(members, start, today), start)
    return build(counts, start, member_count)


class PairingState(TextChoices):
    PROPOSED = "proposed", _("Proposed: waiting for both to agree")
    MEMBER_AGREED = "member_agreed", _("Member agreed: waiting for the peer")
    PEER_AGREED = "peer_agreed", _("Peer agreed: waiting for the member")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


def pairing_state(pairing: PeerPairing) -> PairingState:
    """Where a pairing stands: it is active only once both people agreed in the app."""
    if not pairing.is_open:
        return PairingState.ENDED
    if pairing.is_active:
        return PairingState.ACTIVE
    if pairing.member_agreed_at:
        return PairingState.MEMBER_AGREED
    if pairing.peer_agreed_at:
        return PairingState.PEER_AGREED
    return PairingState.PROPOSED
