"""Does the cost stay flat as the program grows? (issue 14, item 9)

Grows one program to 1,000, then 10,000, then 100,000 members in a database of its own
(GROWTH_DATABASE_URL, default waypoint_bench_growth, made afresh each run: about two
minutes). Minimal rows per member: the account, one reminder schedule (5% of
them due in the measured minute, as bench/reminder_dispatch.py's fixed TICK), a care link
and a consent (one counselor per 200 members, so the gate's tables grow with the program),
and tonight's check-in for one in ten. The measured counselor's 200 clients also have a
plan and two weeks of check-ins, made again on each run (they are relative to today).

At each size it times one reminder tick (reminders.dispatch, as the beat task runs it) and
the caseload page of that counselor (the Django test client, in this process), and prints
the cost per due member and per page. Flat means the 100,000 figures are close to the
1,000 ones.

    make bench          # or: .venv/bin/python bench/growth.py [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A database of its own: the micro-benchmarks' database has members due at the same TICK.
os.environ["DATABASE_URL"] = (
    os.environ.get("GROWTH_DATABASE_URL")
    or "postgres://postgres@127.0.0.1:5432/waypoint_bench_growth"
)
os.environ.setdefault("DEBUG", "1")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import seed  # sets Django up
from django.db import connection, transaction
from django.test.utils import setup_test_environment
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from reminder_dispatch import MINUTE, TICK, bench_checkin, local, minute_of, timed
from results import write_section
from staff_client import staff_client

from accounts.models import CareAssignment, Consent, Program, Role, User
from checkins.models import CheckIn
from checkins.progress import local_date
from plans.models import Plan
from reminders.dispatch import dispatch
from reminders.models import EVERY_DAY, ReminderSchedule

PROGRAM, DOMAIN = "Growth bench", "growth.bench.example"
ZONE = "America/New_York"
CLIENTS, DUE_EVERY, BATCH = 200, 20, 5_000  # 200 per counselor; 1 in 20 members due
TICK_RUNS, PAGE_RUNS = 5, 15


def members() -> int:
    return User.objects.filter(email__endswith=f"@{DOMAIN}", role=Role.MEMBER).count()


def grow_to(size: int) -> float:
    """Add members (and their minimal rows) until there are `size`; seconds taken."""
    start, have = time.perf_counter(), members()
    if have >= size:
        return 0.0
    program, _ = Program.objects.get_or_create(name=PROGRAM)
    due_minute = minute_of(local(TICK, ZONE))
    tick_day = local(TICK, ZONE).date()
    with transaction.atomic():
        added = User.objects.bulk_create(
            (
                User(email=f"g{i}@{DOMAIN}", display_name=f"G{i}", timezone=ZONE, program=program)
                for i in range(have, size)
            ),
            batch_size=BATCH,
        )
        counselors = User.objects.bulk_create(
            User(
                email=f"gc{k}@{DOMAIN}",
                display_name=f"GC{k}",
                role=Role.COUNSELOR,
                program=program,
            )
            for k in range(have // CLIENTS, size // CLIENTS)
        )
        TOTPDevice.objects.bulk_create(
            TOTPDevice(user=c, name="authenticator app", confirmed=True) for c in counselors
        )
        schedules, links, consents, checkins = [], [], [], []
        for i, member in enumerate(added, start=have):
            # Due members in the measured minute; the others spread over the day.
            minute = due_minute if i % DUE_EVERY == 0 else (due_minute + 1 + i % 1439) % 1440
            schedules.append(
                ReminderSchedule(
                    member=member,
                    local_time=clock(minute // 60, minute % 60),
                    weekdays=EVERY_DAY,
                    created_at=TICK - timedelta(days=30),
                )
            )
            counselor = counselors[i // CLIENTS - have // CLIENTS]
            links.append(CareAssignment(counselor=counselor, member=member))
            consents.append(
                Consent(
                    member=member,
                    recipient=counselor,
                    recipient_name=counselor.display_name,
                    scope_plan=True,
                    scope_checkins=True,
                    scope_alerts=True,
                    purpose="bench",
                    signature=member.display_name,
                    discloser="bench",
                    expires_at=timezone.now() + timedelta(days=365),
                    text="bench",
                )
            )
            if i % 10 == 3:  # checked in on the measured day: the tick leaves them be
                checkins.append(bench_checkin(member, tick_day, i))
        ReminderSchedule.objects.bulk_create(schedules, batch_size=BATCH)
        CareAssignment.objects.bulk_create(links, batch_size=BATCH)
        Consent.objects.bulk_create(consents, batch_size=BATCH)
        CheckIn.objects.bulk_create(checkins, batch_size=BATCH)
        # bulk_create stamps updated_at now; a schedule changed after its slot is not
        # caught up (reminders.dispatch), so date them back before the measured day.
        ReminderSchedule.objects.filter(member__in=added).update(
            updated_at=TICK - timedelta(days=30)
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - start


def first_counselor() -> tuple[User, list[User]]:
    counselor = User.objects.get(email=f"gc0@{DOMAIN}")
    clients = list(User.objects.filter(care_team__counselor=counselor))
    return counselor, clients


def recent_history(clients: list[User]) -> None:
    """Two weeks of check-ins up to today and a plan, for the measured caseload."""
    today = local_date(ZONE)
    CheckIn.objects.filter(member__in=clients, local_date__gt=today - timedelta(days=30)).delete()
    CheckIn.objects.bulk_create(
        bench_checkin(m, today - timedelta(days=ago), i + ago)
        for i, m in enumerate(clients)
        for ago in range(14)
        if (i + ago) % 5
    )
    Plan.objects.bulk_create(
        (Plan(member=m, content={}, revision=1) for m in clients), ignore_conflicts=True
    )


@dataclass(frozen=True)
class Stage:
    members: int
    due: int
    tick_ms: float
    tick_queries: int
    page_ms: float
    page_p95_ms: float
    page_queries: int
    built_s: float

    @property
    def per_due_ms(self) -> float:
        return self.tick_ms / self.due


def caseload_page(counselor: User) -> tuple[list[float], int]:
    client = staff_client(counselor)
    assert client.get("/counselor/").status_code == 200  # warm-up, and it shows
    # Each request empties Django's query log when it starts (request_started), so
    # CaptureQueriesContext around a request counts nothing: read the log after it.
    connection.force_debug_cursor = True
    try:
        client.get("/counselor/")
        queries = len(connection.queries)
    finally:
        connection.force_debug_cursor = False
    samples = []
    for _ in range(PAGE_RUNS):
        start = time.perf_counter()
        client.get("/counselor/")
        samples.append((time.perf_counter() - start) * 1000)
    return samples, queries


def measure(size: int) -> Stage:
    built = grow_to(size)
    counselor, clients = first_counselor()
    recent_history(clients)
    due = ReminderSchedule.objects.filter(
        member__email__endswith=f"@{DOMAIN}",
        local_time=local(TICK, ZONE).time().replace(second=0),
    ).count()
    tick = timed(lambda: dispatch(TICK - MINUTE, TICK), TICK, TICK_RUNS)
    samples, queries = caseload_page(counselor)
    samples.sort()
    return Stage(
        members=members(),
        due=due,
        tick_ms=tick.median * 1000,
        tick_queries=max(tick.counts),
        page_ms=statistics.median(samples),
        page_p95_ms=samples[int(len(samples) * 0.95) - 1],
        page_queries=queries,
        built_s=built,
    )


def table(stages: list[Stage]) -> str:
    lines = [
        "| members | due in the minute | tick ms | ms per due member | tick queries | "
        f"caseload page ms ({CLIENTS} clients) | p95 ms | page queries |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {s.members:,} | {s.due:,} | {s.tick_ms:,.0f} | {s.per_due_ms:.2f} | "
        f"{s.tick_queries} | {s.page_ms:,.1f} | {s.page_p95_ms:,.1f} | {s.page_queries} |"
        for s in stages
    ]
    first, last = stages[0], stages[-1]
    lines += [
        "",
        f"From {first.members:,} to {last.members:,} members: the tick's cost per due member "
        f"x{last.per_due_ms / first.per_due_ms:.2f}, the caseload page x"
        f"{last.page_ms / first.page_ms:.2f} (flat is x1; this machine's noise is about "
        "x0.8 to x1.3). In-process timings (no HTTP server); load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    sizes = sorted(int(n) for n in args.sizes.split(","))
    # Made afresh each run: the smallest size cannot be measured in a grown database.
    seed.recreate_database()
    setup_test_environment()
    stages = []
    for size in sizes:
        stage = measure(size)
        stages.append(stage)
        print(
            f"growth: {stage.members:,} members (built in {stage.built_s:.0f} s): tick "
            f"{stage.tick_ms:.0f} ms for {stage.due:,} due ({stage.per_due_ms:.2f} ms each), "
            f"caseload page {stage.page_ms:.1f} ms",
            flush=True,
        )
    text = table(stages)
    print("\n" + text)
    write_section("Growth", text)


if __name__ == "__main__":
    main()
