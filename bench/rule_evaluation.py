"""How many members per second can one worker process run the warning-stage rules for?

Builds (once) 2,000 members in the database named by DATABASE_URL (make bench uses a
database of its own) and gives each, on every run, 14 fresh days of check-ins up to their
own today: most steady, some with a rough stretch (HALT strain, cravings, short sleep,
missed medication, warning signs noticed), some gone quiet, some with a report of use.
Then evaluates every member the way checkins.tasks.sweep_* do (batches of 200 through
`evaluate_many`, one transaction each), first with nothing evaluated yet (alerts open) and
again (alerts exist).

Requirement: at least 500 members per second in one worker process. "queries" counts the
statements per member (averaged over the batches); "in driver" is the share of the time spent
waiting on them. `--profile` (or a result under the requirement) prints where the time goes.

    make bench
"""

from __future__ import annotations

import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_site.settings")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from accounts.models import Program, User
from alerts.evaluation import history_for
from alerts.models import Alert, AlertNotice
from alerts.rules import signals
from alerts.tasks import evaluate_in_batches
from checkins.models import CheckIn, UseReport
from checkins.progress import local_date
from recovery_site import celery_app

MEMBERS, DAYS, ROUNDS, TARGET, PROFILED = 2_000, 14, 3, 500, 500
DOMAIN = "rules.bench.example"
ZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London"]
SIGNS = [
    {"id": "s1", "text": "Skipping meals", "stage": "emotional"},
    {"id": "s2", "text": "Thinking about old places", "stage": "mental"},
]
# A newly opened alert enqueues its notification: keep that in this process (kombu's
# in-memory transport) instead of handing work to whatever broker and worker are running.
celery_app.conf.broker_url = "memory://localhost/"


def members() -> list[User]:
    return list(User.objects.filter(email__endswith=f"@{DOMAIN}").order_by("pk"))


def build() -> list[User]:
    if len(found := members()) >= MEMBERS:
        return found
    program, _ = Program.objects.get_or_create(name="Bench program")
    User.objects.bulk_create(
        User(
            email=f"e{i}@{DOMAIN}",
            display_name=f"E{i}",
            timezone=ZONES[i % len(ZONES)],
            program=program,
        )
        for i in range(MEMBERS)
    )
    return members()


def day(rng: random.Random, member: User, ago: int, rough: float) -> CheckIn:
    """One plausible check-in; `rough` from 0 (steady) to 1 (hardest)."""

    def halt() -> int:
        return min(3, max(0, round(rng.gauss(0.5 + 2 * rough, 0.6))))

    return CheckIn(
        member=member,
        local_date=local_date(member.timezone) - timedelta(days=ago),
        hungry=halt(),
        angry=halt(),
        lonely=halt(),
        tired=halt(),
        craving=min(10, max(0, round(rng.gauss(2 + 7 * rough, 1.2)))),
        mood=min(5, max(1, round(rng.gauss(4 - 2.5 * rough, 0.6)))),
        sleep_hours=Decimal(str(round(max(3.0, rng.gauss(7.5 - 3 * rough, 0.7)) * 2) / 2)),
        medication="no" if rough > 0.6 and rng.random() < 0.6 else rng.choice(["yes", "none"]),
        support_contact=rng.random() > 0.2 + 0.6 * rough,
        noticed_signs=SIGNS[: 1 + (rough > 0.8)] if rough > 0.6 and rng.random() < 0.5 else [],
    )


def fresh_history(people: list[User]) -> None:
    """Replace the bench members' check-ins, reports and alerts with 14 new days."""
    AlertNotice.objects.filter(alert__member__in=people).delete()
    Alert.objects.filter(member__in=people).delete()
    UseReport.objects.filter(member__in=people).delete()
    CheckIn.objects.filter(member__in=people).delete()
    rng = random.Random(14)
    checkins, reports = [], []
    for i, member in enumerate(people):
        kind = rng.choices(["steady", "rough", "quiet", "use"], [70, 18, 7, 5])[0]
        peak = rng.randrange(DAYS)  # the rough stretch is worst this many days ago
        for ago in range(DAYS):
            if kind == "quiet" and ago < 3 + i % 3:
                continue  # checked in most days, then stopped
            used = kind == "use" and ago == peak
            if not used and ((ago == 0 and rng.random() < 0.4) or rng.random() < 0.1):
                continue  # not yet today; the odd missed day
            rough = max(0.0, 1 - abs(ago - peak) / 4) if kind in ("rough", "use") else 0.1
            checkins.append(day(rng, member, ago, rough))
            if used:
                checkins[-1].used_today = True
                at = datetime.now(ZoneInfo(member.timezone)) - timedelta(days=ago, hours=2)
                reports.append(
                    UseReport(
                        member=member,
                        occurred_at=at,
                        local_date=checkins[-1].local_date,
                        kind="lapse",
                    )
                )
    CheckIn.objects.bulk_create(checkins, batch_size=5000)
    UseReport.objects.bulk_create(reports)


def unevaluate(people: list[User]) -> None:
    """Back to "nothing evaluated yet": no alerts, every check-in and report unread."""
    AlertNotice.objects.filter(alert__member__in=people).delete()
    Alert.objects.filter(member__in=people).delete()
    CheckIn.objects.filter(member__in=people).update(evaluated_at=None)
    UseReport.objects.filter(member__in=people).update(evaluated_at=None)


def sweep(ids: list[int]) -> None:
    """What checkins.tasks.sweep_unevaluated / sweep_isolation do: batches of members."""
    evaluate_in_batches(ids)


class DriverClock:
    """Counts queries, and the seconds spent in the driver running them and committing."""

    def __init__(self) -> None:
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, *args)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - start

    def commit(self, original: Callable[[], None]) -> Callable[[], None]:
        def timed() -> None:
            start = time.perf_counter()
            try:
                original()
            finally:
                self.seconds += time.perf_counter() - start

        return timed


def timed_sweep(ids: list[int]) -> tuple[float, DriverClock]:
    clock = DriverClock()
    original = connection._commit
    connection._commit = clock.commit(original)
    try:
        with connection.execute_wrapper(clock):
            start = time.perf_counter()
            sweep(ids)
            return time.perf_counter() - start, clock
    finally:
        del connection._commit


def rules_alone(people: list[User]) -> float:
    """Seconds for the pure rules over every member, their histories loaded beforehand."""
    histories = [history_for(member) for member in people]
    rules = {**settings.WAYPOINT_WARNING_RULES}
    start = time.perf_counter()
    for found in histories:
        signals(found, rules)
    return time.perf_counter() - start


def profile(people: list[User], ids: list[int]) -> None:
    """cProfile one first-evaluation sweep: where the time goes (the rows overlap)."""
    unevaluate(people)
    profiler = cProfile.Profile()
    profiler.enable()
    sweep(ids)
    profiler.disable()
    stats = pstats.Stats(profiler)
    entries = stats.stats
    total = stats.total_tt
    picks = [  # (label, file part, function names, own time rather than cumulative)
        ("psycopg2 execute (queries in the database)", "~", {"<method 'execute'"}, True),
        ("psycopg2 commit (one per member)", "~", {"<method 'commit'"}, True),
        (
            "QuerySet.filter/exclude (building queries)",
            "models/query.py",
            {"_filter_or_exclude"},
            False,
        ),
        ("SQLCompiler.as_sql (query to SQL)", "sql/compiler.py", {"as_sql"}, False),
        ("Model.__init__ (rows to objects)", "models/base.py", {"__init__"}, False),
        (
            "transaction.atomic (enter and exit)",
            "db/transaction.py",
            {"__enter__", "__exit__"},
            False,
        ),
        ("history_for (4 queries)", "alerts/evaluation.py", {"history_for"}, False),
        ("warning.signals (the rules)", "alerts/rules.py", {"signals"}, False),
    ]
    print(
        f"\nprofile of {len(ids)} first evaluations, {total:.2f} s under cProfile "
        "(which slows Python calls more than waiting on the database):"
    )
    for label, file_part, names, own in picks:
        seconds = sum(
            tt if own else ct
            for (filename, _line, name), (_cc, _nc, tt, ct, _callers) in entries.items()
            if file_part in filename and any(name.startswith(n) for n in names)
        )
        print(f"  {label:<46} {seconds:6.2f} s {seconds / total:5.0%}")
    print("\nmost own time:")
    stats.sort_stats("tottime").print_stats(10)


def main() -> None:
    call_command("migrate", verbosity=0)
    people = build()
    start = time.perf_counter()
    fresh_history(people)
    setup = time.perf_counter() - start
    ids = [m.pk for m in people]
    checkins = CheckIn.objects.filter(member__in=people).count()
    reports = UseReport.objects.filter(member__in=people).count()
    print(
        f"rule evaluation ({connection.vendor}): {len(ids):,} members, {checkins:,} check-ins "
        f"over {DAYS} days, {reports} reports of use (history {setup:.1f} s, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )

    passes: dict[str, list[tuple[float, DriverClock]]] = {
        "first evaluation": [],
        "evaluated again": [],
    }
    for _ in range(ROUNDS):
        unevaluate(people)
        for samples in passes.values():
            samples.append(timed_sweep(ids))
    alerts = Counter(Alert.objects.filter(member__in=people).values_list("stage", flat=True))
    alerted = Alert.objects.filter(member__in=people).values("member").distinct().count()
    print(
        f"alerts: {alerted} members with any; by stage "
        + ", ".join(f"{stage} {n}" for stage, n in sorted(alerts.items()))
    )

    print(
        f"\n{ROUNDS} rounds, one process      {'members/s':>9} {'ms/member':>9} "
        f"{'queries':>7} {'in driver':>9}"
    )
    rates, driver = [], []
    for name, samples in passes.items():
        seconds, clock = sorted(samples, key=lambda sample: sample[0])[len(samples) // 2]
        rates.append(len(ids) / seconds)
        driver.append(clock.seconds)
        print(
            f"{name:<30} {rates[-1]:9.0f} {seconds / len(ids) * 1000:9.2f} "
            f"{clock.count / len(ids):7.1f} {clock.seconds / seconds:9.0%}"
        )
    # Were Python free, the per-member round trips alone would still allow no more than this.
    bound = max(driver)
    print(f"{'queries + commits alone':<30} {len(ids) / bound:9.0f} {bound / len(ids) * 1000:9.2f}")
    alone = statistics.median(rules_alone(people) for _ in range(ROUNDS))
    print(
        f"{'rules alone (history loaded)':<30} {len(ids) / alone:9.0f} {alone / len(ids) * 1000:9.2f}"
    )
    slowest = min(rates)
    print(
        f"requirement (>= {TARGET} members/s): "
        f"{'met' if slowest >= TARGET else 'NOT met'} (slowest pass {slowest:.0f}/s)"
    )
    if slowest < TARGET or "--profile" in sys.argv:
        profile(people, ids[:PROFILED])


if __name__ == "__main__":
    main()
