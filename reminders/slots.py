"""Slot maths, pure: which local wall-clock times a window of real time covers.

A dispatch tick looks at the real-time window since the previous tick and, for each time
zone its members live in, turns it into pieces of local wall-clock time: "on 2026-03-08,
times after 01:59 up to 03:00". A reminder is due when its local time falls in a piece.
Working in wall-clock pieces makes DST come out right without special cases: a time
skipped by the clocks going forward (02:30) lies inside the piece that jumps over it, so
it fires at the next valid minute; a time repeated when they go back is a second chance
at the same (schedule, day, channel) slot, which the unique constraint turns away.

No database and no settings here: everything is a function of its arguments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

# A window longer than this is cut (workers were down for a long time): slots older
# than that are not recorded at all. Under a day, a local time occurs once per piece set.
MAX_LOOKBACK = timedelta(hours=20)


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


def wall_clock(at: datetime, tz: ZoneInfo) -> datetime:
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
        return wall_clock(at, tz) - at.astimezone(UTC).replace(tzinfo=None)

    if offset(now) >= offset(since):
        return wall_clock(now, tz)
    before, after = since, now  # find the last instant on since's offset
    while after - before > timedelta(microseconds=1):
        middle = before + (after - before) / 2
        if offset(middle) == offset(since):
            before = middle
        else:
            after = middle
    return max(wall_clock(now, tz), wall_clock(before, tz))


def pieces(tz_name: str, since: datetime, now: datetime, grace: timedelta) -> list[Piece]:
    """The local wall-clock pieces of the real-time window (since, now] in one time zone."""
    tz = ZoneInfo(tz_name)
    start, end, cutoff = (
        wall_clock(since, tz),
        _latest_wall(since, now, tz),
        wall_clock(now - grace, tz),
    )
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
        if wall_clock(instant, tz) == wall:
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
