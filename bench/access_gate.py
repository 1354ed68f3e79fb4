"""How fast is the access gate with a realistic program size?

Builds (once) 10,000 members, 100 counselors with 100 clients each and a
consent per link in the database named by DATABASE_URL (make bench uses a
database of its own), then times can_view and the caseload query.

    make bench
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_site.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import connection, reset_queries
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.access import can_view, counselors_who_see, visible_members
from accounts.models import CareAssignment, Consent, Program, Role, Scope, User
from home.caseload import CaseloadFilters, caseload

MEMBERS, COUNSELORS = 10_000, 100
# Only this script's people: other benchmarks share the database.
OURS = User.objects.filter(email__regex=r"^[mc][0-9]+@bench\.example$")


def build() -> None:
    if OURS.filter(role=Role.MEMBER).count() >= MEMBERS:
        return
    program, _ = Program.objects.get_or_create(name="Bench program")
    User.objects.bulk_create(
        User(email=f"m{i}@bench.example", display_name=f"M{i}", program=program)
        for i in range(MEMBERS)
    )
    User.objects.bulk_create(
        User(email=f"c{i}@bench.example", display_name=f"C{i}", role=Role.COUNSELOR)
        for i in range(COUNSELORS)
    )
    members = list(OURS.filter(role=Role.MEMBER).order_by("pk"))
    counselors = list(OURS.filter(role=Role.COUNSELOR).order_by("pk"))
    per = MEMBERS // COUNSELORS
    CareAssignment.objects.bulk_create(
        CareAssignment(counselor=counselors[i // per], member=m) for i, m in enumerate(members)
    )
    Consent.objects.bulk_create(
        Consent(
            member=m,
            recipient=counselors[i // per],
            scope_plan=True,
            scope_checkins=i % 2 == 0,
            purpose="bench",
            signature=m.display_name,
            discloser="bench",
            recipient_name="bench",
            expires_at=timezone.now() + timedelta(days=365),
            text="bench",
        )
        for i, m in enumerate(members)
    )


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{name:<42} median {statistics.median(samples):7.3f} ms   p95 {p95:7.3f} ms")


def main() -> None:
    call_command("migrate", verbosity=0)
    build()
    counselor = OURS.filter(role=Role.COUNSELOR).order_by("pk").first()
    client = CareAssignment.objects.filter(counselor=counselor).first().member
    stranger = OURS.filter(role=Role.MEMBER).order_by("-pk").first()
    print(f"{connection.vendor}: {MEMBERS} members, {COUNSELORS} counselors")

    with CaptureQueriesContext(connection) as ctx:
        can_view(counselor, client, Scope.PLAN)
    print(f"can_view queries per call: {len(ctx)}")
    report("can_view (allowed)", timed(lambda: can_view(counselor, client, Scope.PLAN), 500))
    report(
        "can_view (refused, not on team)",
        timed(lambda: can_view(counselor, stranger, Scope.PLAN), 500),
    )
    report(
        "visible_members (100 of 10,000)",
        timed(lambda: list(visible_members(counselor, Scope.PLAN)), 100),
    )
    report(
        "counselors_who_see (one client)",
        timed(lambda: list(counselors_who_see(client, Scope.ALERTS)), 500),
    )
    everyone = CaseloadFilters.from_query(QueryDict())
    with CaptureQueriesContext(connection) as ctx:
        caseload(counselor, everyone, 1)
    print(f"caseload queries: {len(ctx)}")
    report("caseload (100 clients)", timed(lambda: caseload(counselor, everyone, 1), 50))
    reset_queries()


if __name__ == "__main__":
    main()
