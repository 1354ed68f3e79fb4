"""Reminder slots: which local reminder times fall due in a window of real time.

A dispatch tick looks at the real-time window since the previous tick and, for each
time zone its members live in, turns it into pieces of local wall-clock time:
"on 2026-03-08, times after 01:59 up to 03:00". A reminder is due when its local time
falls in a piece. Working in wall-clock pieces makes DST come out right without
special cases: a time skipped by the clocks going forward (02:30) lies inside the
piece that jumps over it, so it fires at the next valid minute; a time repeated when
they go back is a second chance at the same (schedule, day, channel) slot, which the
unique constraint turns away.

One tick is three queries whatever the number of members: the time zones in use,
one UNION of the pieces, one bulk insert; plus one to pick what to send.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models
from django.db.models import Exists, F, Max, OuterRef, Q, Value
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from checkins.models import CheckIn
from checkins.progress import local_date
from messaging.models import Channel
from messaging.transports import TransportError, send_message
from reminders.models import (
    EVERY_DAY,
    ReminderChannel,
    ReminderDelivery,
    ReminderSchedule,
    ReminderSettings,
    ReminderStatus,
)

# A window longer than this is cut (workers were down for a long time): slots older
# than that are not recorded at all. Under a day, a local time occurs once per piece set.
MAX_LOOKBACK = timedelta(hours=20)
DEFAULT_REMINDER_TIME = time(19, 0)
END_OF_DAY = time(23, 59, 59, 999999)


@dataclass(frozen=True)
class Piece:
    """Local times in (after, until] on `day` in `tz`; `late` if past the grace window."""

    tz: str
    day: date
    after: time | None  # None: from midnight, inclusive
    until: time
    late: bool

    def holds(self, at: time) -> bool:
        return (self.after is None or at > self.after) and at <= self.until


def _wall(at: datetime, tz: ZoneInfo) -> datetime:
    return at.astimezone(tz).replace(tzinfo=None)


def _split_days(tz: str, start: datetime, end: datetime, late: bool) -> list[Piece]:
    """Naive wall-clock (start, end] as one piece per local day."""
    pieces = []
    after: time | None = start.time()
    day = start.date()
    while day < end.date():
        pieces.append(Piece(tz, day, after, END_OF_DAY, late))
        day += timedelta(days=1)
        after = None
    pieces.append(Piece(tz, day, after, end.time(), late))
    return pieces


def _latest_wall(since: datetime, now: datetime, tz: ZoneInfo) -> datetime:
    """The latest wall-clock time in (since, now]: if the clocks went back, the one before."""

    def offset(at: datetime) -> timedelta:
        return _wall(at, tz) - at.astimezone(UTC).replace(tzinfo=None)

    if offset(now) >= offset(since):
        return _wall(now, tz)
    before, after = since, now  # find the last instant on since's offset
    while after - before > timedelta(microseconds=1):
        middle = before + (after - before) / 2
        if offset(middle) == offset(since):
            before = middle
        else:
            after = middle
    return max(_wall(now, tz), _wall(before, tz))


def pieces(tz_name: str, since: datetime, now: datetime, grace: timedelta) -> list[Piece]:
    """The local wall-clock pieces of the real-time window (since, now] in one time zone."""
    tz = ZoneInfo(tz_name)
    start, end, cutoff = _wall(since, tz), _latest_wall(since, now, tz), _wall(now - grace, tz)
    if end <= start:
        return []  # the clocks went back: these wall-clock times were already covered
    if cutoff <= start:
        return _split_days(tz_name, start, end, late=False)
    if cutoff >= end:
        return _split_days(tz_name, start, end, late=True)
    return _split_days(tz_name, start, cutoff, late=True) + _split_days(
        tz_name, cutoff, end, late=False
    )


@lru_cache(maxsize=4096)  # most rows of a tick share a handful of (day, time, zone)
def due_instant(day: date, at: time, tz_name: str) -> datetime:
    """When a local time happens; a time the clocks skip happens at the next valid minute."""
    tz = ZoneInfo(tz_name)
    wall = datetime.combine(day, at)
    for _minute in range(24 * 60):
        # fold=0: the first of two repeated times. Through UTC and back, because
        # astimezone() to the datetime's own tzinfo returns it unchanged, even a time
        # the clocks skip.
        instant = wall.replace(tzinfo=tz).astimezone(UTC)
        if _wall(instant, tz) == wall:
            return instant
        wall = (wall + timedelta(minutes=1)).replace(second=0, microsecond=0)
    raise ValueError(f"no valid local time after {day} {at} in {tz_name}")


def in_quiet_hours(at: time, quiet_from: time | None, quiet_until: time | None) -> bool:
    """Is `at` inside quiet hours [from, until)? Quiet hours may cross midnight."""
    if quiet_from is None or quiet_until is None or quiet_from == quiet_until:
        return False
    if quiet_from < quiet_until:
        return quiet_from <= at < quiet_until
    return at >= quiet_from or at < quiet_until


def _piece_query(piece: Piece, index: int) -> models.QuerySet:
    bit = 1 << piece.day.weekday()
    times = Q(local_time__lte=piece.until)
    if piece.after is not None:
        times &= Q(local_time__gt=piece.after)
    checked_in = CheckIn.objects.filter(member=OuterRef("member"), local_date=piece.day)
    # One reminder per schedule per day, even if a channel was added after it went out.
    handled = ReminderDelivery.objects.filter(schedule=OuterRef("pk"), local_date=piece.day)
    return (
        ReminderSchedule.objects.filter(
            times,
            GreaterThan(F("weekdays").bitand(bit), 0),
            member__timezone=piece.tz,
            member__role=Role.MEMBER,
            member__is_active=True,
        )
        .exclude(ReminderSettings.paused_on_q(piece.day, via="member__reminder_settings__"))
        .exclude(Exists(checked_in))
        .exclude(Exists(handled))
        .order_by()
        .annotate(piece=Value(index))
        .values_list(
            "pk",
            "member_id",
            "local_time",
            "by_email",
            "by_sms",
            "in_app",
            "member__reminder_settings__quiet_from",
            "member__reminder_settings__quiet_until",
            "updated_at",
            "piece",
        )
    )


@dataclass(frozen=True)
class Tick:
    recorded: int  # rows offered (all channels, all statuses); a handled slot's are turned away
    to_send: list[int]  # pending deliveries to hand to the send task


def _rows(found: Iterable[tuple], plan: list[Piece], now: datetime) -> list[tuple]:
    """(schedule, member, day, channel, due, status) for each slot and chosen channel."""
    rows = []
    local_now: dict[str, time] = {}
    for row in found:
        pk, member_id, at, by_email, by_sms, in_app, quiet_from, quiet_until, edited, index = row
        piece = plan[index]
        due = due_instant(piece.day, at, piece.tz)
        if edited > due:
            continue  # set up or changed after this slot had passed: nothing to catch up
        if piece.tz not in local_now:
            local_now[piece.tz] = _wall(now, ZoneInfo(piece.tz)).time()
        if piece.late:
            status = ReminderStatus.LATE
        elif in_quiet_hours(local_now[piece.tz], quiet_from, quiet_until):
            status = ReminderStatus.QUIET
        else:
            status = ReminderStatus.PENDING
        for channel, chosen in (
            (ReminderChannel.EMAIL, by_email),
            (ReminderChannel.SMS, by_sms),
            (ReminderChannel.APP, in_app),
        ):
            if chosen:
                # In Waypoint, recording it is showing it.
                shown = channel == ReminderChannel.APP and status == ReminderStatus.PENDING
                final = ReminderStatus.SENT if shown else status
                rows.append((pk, member_id, piece.day, str(channel), due, str(final)))
    return rows


_INSERT = (
    f"INSERT INTO {ReminderDelivery._meta.db_table} (schedule_id, member_id, local_date, "
    "channel, due_at, status, attempts, provider_id, error, created_at, sent_at) "
)


def _insert(rows: list[tuple], now: datetime) -> None:
    """INSERT ... ON CONFLICT DO NOTHING, one statement on PostgreSQL.

    Written by hand because preparing every field of thousands of rows through the ORM
    took longer than the insert itself (bench/reminder_dispatch.py).
    """
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    sent = str(ReminderStatus.SENT)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One plain array per column (dates as text, instants as epoch seconds) parses
            # far faster than thousands of VALUES rows or typed literals.
            schedule, member, day, channel, due, status = zip(*rows, strict=True)
            cursor.execute(
                _INSERT + "SELECT s, m, d::date, c, to_timestamp(e), st, 0, '', '', %s, "
                "CASE WHEN st = %s THEN %s::timestamptz END "
                "FROM UNNEST(%s::integer[], %s::integer[], %s::text[], %s::text[], "
                "%s::float8[], %s::text[]) AS r(s, m, d, c, e, st) ON CONFLICT DO NOTHING",
                [
                    stamp,
                    sent,
                    stamp,
                    list(schedule),
                    list(member),
                    [d.isoformat() for d in day],
                    list(channel),
                    [d.timestamp() for d in due],
                    list(status),
                ],
            )
            return
        one = "(%s, %s, %s, %s, %s, %s, 0, '', '', %s, %s)"
        per = 900 // 8  # SQLite caps the parameters of one statement
        for start in range(0, len(rows), per):
            chunk = rows[start : start + per]
            params: list[Any] = []
            for schedule_id, member_id, day, chan, due, status in chunk:
                params += [
                    schedule_id,
                    member_id,
                    ops.adapt_datefield_value(day),
                    chan,
                    ops.adapt_datetimefield_value(due),
                    status,
                    stamp,
                    stamp if status == sent else None,
                ]
            values = ", ".join([one] * len(chunk))
            cursor.execute(_INSERT + f"VALUES {values} ON CONFLICT DO NOTHING", params)


def dispatch(since: datetime, now: datetime, grace: timedelta | None = None) -> Tick:
    """Record every reminder slot due in (since, now], once; return what to send."""
    grace = grace if grace is not None else settings.WAYPOINT_REMINDER_GRACE
    since = max(since, now - MAX_LOOKBACK)
    zones = (
        User.objects.filter(role=Role.MEMBER, reminder_schedules__isnull=False)
        .values_list("timezone", flat=True)
        .distinct()
    )
    plan = [p for tz in zones for p in pieces(tz, since, now, grace)]
    if not plan:
        return Tick(0, [])
    queries = [_piece_query(piece, index) for index, piece in enumerate(plan)]
    union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    rows = _rows(union, plan, now)
    if rows:
        _insert(rows, now)
    # Rows that lost the race to an earlier tick kept that tick's created_at.
    to_send = list(
        ReminderDelivery.objects.filter(status=ReminderStatus.PENDING, created_at=now)
        .exclude(channel=ReminderChannel.APP)
        .values_list("pk", flat=True)
    )
    return Tick(len(rows), to_send)


def stranded(now: datetime, settle: timedelta = timedelta(minutes=2)) -> list[int]:
    """Pending deliveries an earlier tick could not hand over (the broker was down), and
    ones whose retry is overdue (the retry task was lost)."""
    grace = settings.WAYPOINT_REMINDER_GRACE
    ReminderDelivery.objects.filter(
        status=ReminderStatus.PENDING, created_at__lt=now - settle, due_at__lt=now - grace
    ).update(status=ReminderStatus.LATE)
    # A worker that died between claiming and finishing leaves "sending": whether it went
    # out is unknown, so it is never sent again, only closed once its time has passed.
    ReminderDelivery.objects.filter(status=ReminderStatus.SENDING, due_at__lt=now - grace).update(
        status=ReminderStatus.LATE, error="interrupted while sending"
    )
    # After a passing fault the retry comes 1, 2, 4, 8 minutes later (tasks.retry_reminder);
    # handing the row over every tick meanwhile would undo that backoff.
    overdue = Q()
    for attempts in range(MAX_ATTEMPTS):
        waited = settle + timedelta(minutes=2**attempts - 1)
        overdue |= Q(attempts=attempts, created_at__lt=now - waited)
    return list(
        ReminderDelivery.objects.filter(overdue, status=ReminderStatus.PENDING).values_list(
            "pk", flat=True
        )[:10000]
    )


MAX_ATTEMPTS = 5


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # a passing fault: try again later
    DONE = "done"  # nothing (more) to do: already handled, failed for good, or not needed


def _finish(delivery_id: int, **fields: object) -> None:
    ReminderDelivery.objects.filter(pk=delivery_id).update(**fields)


def send(delivery_id: int) -> Outcome:
    """Send one reminder at most once.

    The conditional UPDATE claims the row: a second task for it (a repeated dispatch, a
    broker redelivery after a worker died) finds it no longer pending and sends nothing.
    """
    now = timezone.now()
    claimed = ReminderDelivery.objects.filter(pk=delivery_id, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        return Outcome.DONE
    delivery = (
        ReminderDelivery.objects.select_related("member", "member__reminder_settings")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        return Outcome.DONE  # the member deleted that reminder a moment ago
    member = delivery.member
    if CheckIn.objects.on(member, delivery.local_date).exists():
        _finish(delivery_id, status=ReminderStatus.CHECKED_IN)
        return Outcome.DONE
    prefs = getattr(member, "reminder_settings", None)
    if prefs and prefs.is_paused_on(delivery.local_date):
        # Paused after dispatch (a retry can come minutes later): respect it now.
        _finish(delivery_id, status=ReminderStatus.PAUSED)
        return Outcome.DONE
    local_now = _wall(now, ZoneInfo(member.timezone)).time()
    if prefs and in_quiet_hours(local_now, prefs.quiet_from, prefs.quiet_until):
        _finish(delivery_id, status=ReminderStatus.QUIET)  # a retry that ran into quiet hours
        return Outcome.DONE
    if now > delivery.due_at + settings.WAYPOINT_REMINDER_GRACE:
        _finish(delivery_id, status=ReminderStatus.LATE)
        return Outcome.DONE
    link = settings.WAYPOINT_SITE_URL + reverse("checkin")
    # No health content: this may show on a lock screen or a shared inbox.
    text = _("Time for your Waypoint check-in: %(link)s") % {"link": link}
    if delivery.channel == ReminderChannel.EMAIL:
        channel, address = Channel.EMAIL, member.email
    else:
        channel, address = Channel.TEXT, member.phone
    try:
        if not address:
            raise TransportError("no phone number", permanent=True)
        provider_id = send_message(channel, address, _("Time for your check-in"), text)
    except TransportError as exc:
        gave_up = exc.permanent or delivery.attempts >= MAX_ATTEMPTS
        _finish(
            delivery_id,
            status=ReminderStatus.FAILED if gave_up else ReminderStatus.PENDING,
            error=str(exc)[:300],
        )
        return Outcome.DONE if gave_up else Outcome.RETRY
    _finish(
        delivery_id,
        status=ReminderStatus.SENT,
        sent_at=timezone.now(),
        provider_id=provider_id[:100],
        error="",
    )
    return Outcome.SENT


def create_default_reminder(member: User) -> ReminderSchedule | None:
    """Every new member starts with one evening reminder, by email and in Waypoint."""
    if member.role != Role.MEMBER:
        return None
    ReminderSettings.objects.get_or_create(member=member)
    return ReminderSchedule.objects.create(
        member=member, local_time=DEFAULT_REMINDER_TIME, weekdays=EVERY_DAY
    )


def reminder_due_today(member: User) -> bool:
    """Show the in-app reminder: one went out today and the member has not checked in."""
    today = local_date(member.timezone)
    checked_in = CheckIn.objects.on(member, today)
    return (
        ReminderDelivery.objects.filter(
            member=member,
            local_date=today,
            channel=ReminderChannel.APP,
            status=ReminderStatus.SENT,
        )
        .exclude(Exists(checked_in))
        .exists()
    )


# A channel that failed lately is named to the member until a later reminder gets through.
PROBLEM_WINDOW = timedelta(days=14)


@dataclass(frozen=True)
class Problem:
    channel: str  # "email" or "sms"
    day: date


def recent_problems(member: User) -> list[Problem]:
    """Channels whose latest outcome in the last two weeks was a failure, one query."""
    sent_later = ReminderDelivery.objects.filter(
        member=OuterRef("member"),
        channel=OuterRef("channel"),
        status=ReminderStatus.SENT,
        due_at__gt=OuterRef("due_at"),
    )
    failed = (
        ReminderDelivery.objects.filter(
            member=member,
            channel__in=[ReminderChannel.EMAIL, ReminderChannel.SMS],
            status=ReminderStatus.FAILED,
            due_at__gte=timezone.now() - PROBLEM_WINDOW,
        )
        .exclude(Exists(sent_later))
        .values("channel")
        .annotate(day=Max("local_date"))
        .order_by("channel")
    )
    return [Problem(row["channel"], row["day"]) for row in failed]
