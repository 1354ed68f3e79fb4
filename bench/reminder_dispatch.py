"""How long is one reminder dispatch tick when 5,000 of 100,000 members are due at once?

Builds (once) 100,000 members in seven time zones in the database named by DATABASE_URL
(make bench uses a database of its own), each with a reminder time somewhere in the day
and 5,000 of them due in the measured minute (some of those already checked in that day,
some paused, some not reminded on that weekday, some inactive, some in quiet hours).
Then times one `dispatch` tick for that minute, counts its queries, does the same for a
minute with a few dozen due, and compares the tick with its floor: one hand-written
INSERT ... SELECT ... ON CONFLICT DO NOTHING that records exactly the same rows.

Requirement: one tick under 2 s, with the same number of queries whatever is due.

    make bench
"""

from __future__ import annotations

import math
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_site.settings")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Program, User
from checkins.models import CheckIn
from messaging.models import Delivery
from reminders.dispatch import dispatch, reminder_text
from reminders.models import EVERY_DAY, ReminderDelivery, ReminderSchedule, ReminderSettings

MEMBERS, DUE, RUNS, BATCH = 100_000, 5_000, 15, 5_000
# The floor is the slow part of this bench (2.6 s a run) and only a yardstick: fewer runs.
FLOOR_RUNS = 5
DOMAIN = "reminders.bench.example"
ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Europe/London",
    "Asia/Kolkata",
    "Australia/Sydney",
]
# The measured minute, (TICK - 1 min, TICK]: 19:30 in New York, 00:30 (next day) in London,
# 05:00 in Kolkata, 09:30 in Sydney. A fixed instant, so the data never goes stale.
TICK = datetime(2025, 6, 10, 23, 30, tzinfo=UTC)
# A minute in which only the members spread over the day are due (a few dozen).
QUIET_TICK = datetime(2025, 6, 10, 20, 17, tzinfo=UTC)
SET_UP = TICK - timedelta(days=30)  # when the schedules were set up (and last changed)
MINUTE = timedelta(minutes=1)
WEEKDAYS_ONLY, WEEKENDS_ONLY = 0b0011111, 0b1100000


def local(at: datetime, zone: str) -> datetime:
    return at.astimezone(ZoneInfo(zone))


def minute_of(at: datetime) -> int:
    return at.hour * 60 + at.minute


def build() -> None:
    """Members, their reminder settings, schedules and check-ins, in bulk (no signals)."""
    if User.objects.filter(email__endswith=f"@{DOMAIN}").count() >= MEMBERS:
        return
    rng = random.Random(20250610)
    program, _ = Program.objects.get_or_create(name="Bench program")
    with transaction.atomic():
        members = User.objects.bulk_create(
            (
                User(
                    email=f"r{i}@{DOMAIN}",
                    display_name=f"R{i}",
                    timezone=ZONES[i % len(ZONES)],
                    program=program,
                    # A few of the due members have left the program.
                    is_active=not (i < DUE and i % 50 == 9),
                )
                for i in range(MEMBERS)
            ),
            batch_size=BATCH,
        )
        schedules, settings_rows, checkins = [], [], []
        for i, member in enumerate(members):
            zone = member.timezone
            today = local(TICK, zone).date()
            due_minute = minute_of(local(TICK, zone))
            if i < DUE:  # due in the measured minute, unless filtered out below
                minutes = [due_minute]
                weekdays = WEEKENDS_ONLY if i % 25 == 11 else EVERY_DAY
                checked_in, paused = i % 10 == 3, i % 20 == 7
                quiet = i % 12 == 1
            else:  # one or two times anywhere else in the day
                count = 2 if i % 10 == 0 else 1
                minutes = [m for m in rng.sample(range(24 * 60), count + 1) if m != due_minute]
                minutes = minutes[:count]
                weekdays = rng.choices([EVERY_DAY, WEEKDAYS_ONLY, 0b0101010], [80, 15, 5])[0]
                checked_in, paused = rng.random() < 0.3, rng.random() < 0.05
                quiet = rng.random() < 0.1
            for m in minutes:
                schedules.append(
                    ReminderSchedule(
                        member=member,
                        local_time=clock(m // 60, m % 60),
                        weekdays=weekdays,
                        by_email=i % 8 != 5,
                        by_sms=i % 4 == 0,
                        in_app=True,
                        created_at=SET_UP,
                    )
                )
            settings_rows.append(
                ReminderSettings(
                    member=member,
                    quiet_from=clock(22, 0) if quiet else None,
                    quiet_until=clock(7, 0) if quiet else None,
                    paused_until=today + timedelta(days=3) if paused else None,
                )
            )
            days = [today] if checked_in else []
            days += [today - timedelta(days=1)] if i % 2 == 0 else []
            checkins += [bench_checkin(member, day, i) for day in days]
        ReminderSchedule.objects.bulk_create(schedules, batch_size=BATCH)
        ReminderSettings.objects.bulk_create(settings_rows, batch_size=BATCH)
        CheckIn.objects.bulk_create(checkins, batch_size=BATCH)
    with connection.cursor() as cursor:
        for model in (User, ReminderSchedule, ReminderSettings, CheckIn):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def backdate() -> None:
    """bulk_create stamps updated_at with the real now; a schedule changed after a slot
    passed is not caught up, so date the bench schedules back to before the measured day."""
    ReminderSchedule.objects.filter(
        member__email__endswith=f"@{DOMAIN}", updated_at__gt=SET_UP
    ).update(updated_at=SET_UP)


def bench_checkin(member: User, day: date, i: int) -> CheckIn:
    return CheckIn(
        member=member,
        local_date=day,
        hungry=i % 4,
        angry=0,
        lonely=(i // 4) % 4,
        tired=1,
        craving=i % 11,
        mood=1 + i % 5,
        sleep_hours=7,
        medication="yes",
        support_contact=i % 3 == 0,
    )


# The floor: the same rows in one statement, with dispatch's rules: active members, the
# weekday bit (date.weekday(), i.e. ISO day - 1), not paused, not checked in that day, no
# delivery of that schedule that day yet, schedule not changed after the slot, one row per
# chosen channel, status late / quiet / sent (in app) / pending. `AT TIME ZONE` turns the
# tick into each zone's local day and (after, until] window; every member is matched
# through their own zone. LATERAL ... OFFSET 0 keeps one index range scan on local_time per
# zone (otherwise the planner scans every schedule). Assumes the window does not cross local
# midnight, as a one-minute tick on the minute never does (checked in main), and no time
# the clocks skip (PostgreSQL and due_instant place those differently).
FLOOR_SQL = """
WITH w AS (
    SELECT z.tz,
           (%(now)s AT TIME ZONE z.tz)::date AS day,
           (%(since)s AT TIME ZONE z.tz)::time AS after,
           (%(now)s AT TIME ZONE z.tz)::time AS until,
           (%(cutoff)s AT TIME ZONE z.tz) AS local_cutoff
    FROM (SELECT DISTINCT timezone AS tz FROM accounts_user WHERE role = 'member') z
), r AS MATERIALIZED (
SELECT nextval(pg_get_serial_sequence('messaging_delivery', 'id')) AS id,
       s.id AS s, s.member_id AS m, w.day AS d, ch.channel AS c,
       (w.day + s.local_time) AT TIME ZONE w.tz AS due,
       CASE WHEN w.day + s.local_time <= w.local_cutoff THEN 'late'
            WHEN q.quiet THEN 'quiet'
            WHEN ch.channel = 'app' THEN 'sent'
            ELSE 'pending' END AS st,
       CASE ch.channel WHEN 'email' THEN s.email WHEN 'sms' THEN s.phone ELSE '' END AS a
FROM w
CROSS JOIN LATERAL (
    SELECT s.*, u.email, u.phone FROM reminders_reminderschedule s
    JOIN accounts_user u ON u.id = s.member_id
    WHERE s.local_time > w.after AND s.local_time <= w.until
      AND u.timezone = w.tz AND u.role = 'member' AND u.is_active
    OFFSET 0
) s
LEFT JOIN reminders_remindersettings r ON r.member_id = s.member_id
CROSS JOIN LATERAL (
    SELECT COALESCE(
        r.quiet_from <> r.quiet_until AND CASE
            WHEN r.quiet_from < r.quiet_until
                THEN w.until >= r.quiet_from AND w.until < r.quiet_until
            ELSE w.until >= r.quiet_from OR w.until < r.quiet_until END,
        false) AS quiet
) q
CROSS JOIN LATERAL (
    VALUES ('email', s.by_email), ('sms', s.by_sms), ('app', s.in_app)
) AS ch (channel, chosen)
WHERE ch.chosen
  AND s.weekdays & (1 << (EXTRACT(ISODOW FROM w.day)::int - 1)) <> 0
  AND s.updated_at <= (w.day + s.local_time) AT TIME ZONE w.tz
  AND (r.paused_until IS NULL OR r.paused_until < w.day)
  AND NOT EXISTS (
      SELECT 1 FROM checkins_checkin c WHERE c.member_id = s.member_id AND c.local_date = w.day
  )
  AND NOT EXISTS (
      SELECT 1 FROM reminders_reminderdelivery d
      WHERE d.schedule_id = s.id AND d.local_date = w.day AND d.kind = 'checkin'
  )
), kept AS (
INSERT INTO reminders_reminderdelivery
    (delivery_id, schedule_id, member_id, local_date, channel, kind, due_at, skip, created_at)
SELECT id, s, m, d, c, 'checkin', due, CASE WHEN st IN ('pending', 'sent') THEN '' ELSE st END,
       %(now)s
FROM r
ON CONFLICT DO NOTHING
RETURNING delivery_id
)
INSERT INTO messaging_delivery
    (id, purpose, channel, status, to_user_id, address, text, language, attempts, provider_id,
     error, permanent, created_at, next_attempt_at, sent_at)
SELECT r.id, 'reminder', r.c, CASE WHEN r.st IN ('pending', 'sent') THEN r.st ELSE 'skipped' END,
       r.m, r.a, %(text)s, %(language)s, 0, '', '', false, %(now)s, %(now)s,
       CASE WHEN r.st = 'sent' THEN %(now)s END
FROM r JOIN kept ON kept.delivery_id = r.id
"""


def floor(now: datetime) -> int:
    since, cutoff = now - MINUTE, now - settings.WAYPOINT_REMINDER_GRACE
    with connection.cursor() as cursor:
        cursor.execute(
            FLOOR_SQL,
            {
                "now": now,
                "since": since,
                "cutoff": cutoff,
                "text": reminder_text(),
                "language": settings.LANGUAGE_CODE,
            },
        )
        return cursor.rowcount


def forget(now: datetime) -> None:
    """Delete what a tick recorded (slots go with their deliveries), so the next run records
    it again."""
    Delivery.objects.filter(reminder_slot__created_at=now).delete()


def recorded(now: datetime) -> set[tuple]:
    return set(
        ReminderDelivery.objects.filter(created_at=now).values_list(
            "schedule_id",
            "local_date",
            "channel",
            "due_at",
            "skip",
            "delivery__status",
            "delivery__sent_at",
            "delivery__address",
        )
    )


def due_count(now: datetime) -> int:
    """Schedules whose local time is this minute, before any filter (pause, weekday...)."""
    return sum(
        ReminderSchedule.objects.filter(
            member__timezone=zone, local_time=local(now, zone).time().replace(second=0)
        ).count()
        for zone in ZONES
    )


@dataclass
class Runs:
    """Timings of repeated runs of one tick, and the queries each run sent."""

    seconds: list[float] = field(default_factory=list)
    in_queries: list[float] = field(default_factory=list)  # of which waiting on queries
    counts: set[int] = field(default_factory=set)
    kinds: Counter[str] = field(default_factory=Counter)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        return sorted(self.seconds)[math.ceil(len(self.seconds) * 0.95) - 1]  # nearest rank

    def row(self, name: str) -> str:
        share = statistics.median(q / s for q, s in zip(self.in_queries, self.seconds, strict=True))
        counts = "/".join(map(str, sorted(self.counts)))
        return f"{name:<30} {self.median:8.3f} {self.p95:8.3f} {share:9.0%} {counts:>8}"


def timed(fn: Callable[[], object], now: datetime, runs: int) -> Runs:
    """Run `fn` runs + 1 times (the first is a warm-up), each after forgetting the tick."""
    result = Runs()
    for run in range(runs + 1):
        forget(now)
        waited = [0.0]

        def stopwatch(execute: Callable[..., Any], *args: Any, waited: list[float] = waited) -> Any:
            start = time.perf_counter()
            try:
                return execute(*args)
            finally:
                waited[0] += time.perf_counter() - start

        with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(stopwatch):
            start = time.perf_counter()
            fn()
            elapsed = time.perf_counter() - start
        if run:
            result.seconds.append(elapsed)
            result.in_queries.append(waited[0])
            result.counts.add(len(ctx))
            result.kinds = Counter(
                q["sql"].lstrip("( ").split(None, 1)[0].upper() for q in ctx.captured_queries
            )
    forget(now)
    return result


def main() -> None:
    assert connection.vendor == "postgresql", "this benchmark needs PostgreSQL"
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    build()
    backdate()
    built = time.perf_counter() - start
    for now in (TICK, QUIET_TICK):
        for zone in ZONES:  # the floor's one-day window
            assert local(now - MINUTE, zone).date() == local(now, zone).date()

    schedules = ReminderSchedule.objects.count()
    print(
        f"reminder dispatch ({connection.vendor}): {MEMBERS:,} bench members, "
        f"{schedules:,} schedules in {len(ZONES)} time zones (build/check {built:.1f} s, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    forget(TICK)
    tick = dispatch(TICK - MINUTE, TICK)
    dispatched = recorded(TICK)
    forget(TICK)
    inserted = floor(TICK)
    same = recorded(TICK) == dispatched
    forget(QUIET_TICK)
    quiet = dispatch(QUIET_TICK - MINUTE, QUIET_TICK)
    due, quiet_due = due_count(TICK), due_count(QUIET_TICK)
    print(
        f"minute to {TICK:%Y-%m-%d %H:%M} UTC: {due:,} due; dispatch recorded "
        f"{tick.recorded:,} rows ({len(tick.to_send):,} to send), the floor {inserted:,}: "
        f"{'the same rows' if same else 'DIFFERENT ROWS'}"
    )
    print(f"minute to {QUIET_TICK:%H:%M} UTC: {quiet_due} due; dispatch recorded {quiet.recorded}")

    busy = timed(lambda: dispatch(TICK - MINUTE, TICK), TICK, RUNS)
    calm = timed(lambda: dispatch(QUIET_TICK - MINUTE, QUIET_TICK), QUIET_TICK, RUNS)
    least = timed(lambda: floor(TICK), TICK, FLOOR_RUNS)

    print(
        f"\n{RUNS} runs ({FLOOR_RUNS} of the floor), s {'median':>5} {'p95':>8} {'in query':>9} {'queries':>8}"
    )
    print(busy.row(f"dispatch, {due:,} due"))
    print(calm.row(f"dispatch, {quiet_due} due"))
    print(least.row("floor: one INSERT ... SELECT"))
    print(f"{'dispatch / floor (medians)':<30} {busy.median / least.median:8.1f}x")
    for name, runs in ((f"{due:,} due", busy), (f"{quiet_due} due", calm)):
        shown = ", ".join(f"{n} {kind}" for kind, n in sorted(runs.kinds.items()))
        print(f"queries, {name}: {shown}")
    constant = len(busy.counts | calm.counts) == 1
    print(
        f"requirement: under 2 s {'met' if busy.p95 < 2 else 'NOT met'} (p95 {busy.p95:.2f} s); "
        f"constant queries {'met' if constant else 'NOT met'} "
        f"({'/'.join(map(str, sorted(busy.counts)))} vs {'/'.join(map(str, sorted(calm.counts)))})"
    )


if __name__ == "__main__":
    main()
