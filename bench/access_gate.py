"""How fast is the access gate with a realistic program size?

Builds (once) 10,000 members, 100 counselors with 100 clients each and a
consent per link in the database named by DATABASE_URL (make bench uses a
database of its own), then times can_view and the caseload query.

Then the caseload page of a counselor with 200 clients who share everything, each with
two weeks of check-ins, some reports of use, two BAM results, open alerts for one in
five and a history of the counselor's own looks (and of earlier caseload visits): the whole
page (the Django test client, audit insert and template included) by need, sorted by a
column, filtered and searched, with its query count.

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
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_site.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import connection, reset_queries, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.utils import timezone
from staff_client import staff_client

from accounts.access import can_view, counselors_who_see, visible_members
from accounts.models import AuditEvent, CareAssignment, Consent, Program, Role, Scope, User
from alerts.models import Alert
from checkins.models import CheckIn, UseKind, UseReport
from checkins.progress import local_date
from home.caseload import CaseloadFilters, caseload
from measures.models import BamResult
from plans.models import Plan

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


WIDE_CLIENTS = 200
WIDE = "cw@bench.example"  # the 200-client counselor (not in OURS: a caseload of its own)


def build_wide() -> User:
    """(Once) the 200-client caseload; its check-ins are made again each run (they are
    relative to today)."""
    counselor = User.objects.filter(email=WIDE).first()
    if counselor is None:
        with transaction.atomic():
            program, _ = Program.objects.get_or_create(name="Bench program")
            counselor = User.objects.create(
                email=WIDE, display_name="CW", role=Role.COUNSELOR, program=program
            )
            clients = User.objects.bulk_create(
                User(email=f"w{i}@bench.example", display_name=f"Wide {i:03d}", program=program)
                for i in range(WIDE_CLIENTS)
            )
            CareAssignment.objects.bulk_create(
                CareAssignment(counselor=counselor, member=m) for m in clients
            )
            Consent.objects.bulk_create(
                Consent(
                    member=m,
                    recipient=counselor,
                    scope_plan=True,
                    scope_checkins=True,
                    scope_alerts=True,
                    purpose="bench",
                    signature=m.display_name,
                    discloser="bench",
                    recipient_name="bench",
                    expires_at=timezone.now() + timedelta(days=365),
                    text="bench",
                )
                for m in clients
            )
            Plan.objects.bulk_create(Plan(member=m, content={}, revision=1) for m in clients)
            now = timezone.now()
            Alert.objects.bulk_create(
                Alert(member=m, stage=("emotional", "mental", "physical")[i % 3], opened_at=now)
                for i, m in enumerate(clients)
                if i % 5 == 0
            )
            BamResult.objects.bulk_create(
                BamResult(
                    member=m,
                    version="BAM-2013",
                    answers={},
                    use=(i + weeks) % 5,
                    risk=(i * 3 + weeks) % 25,
                    protective=(i * 7 + weeks) % 25,
                    satisfaction=2,
                    started_at=now - timedelta(weeks=weeks),
                    completed_at=now - timedelta(weeks=weeks),
                    local_date=(now - timedelta(weeks=weeks)).date(),
                    next_due_on=(now - timedelta(weeks=weeks - 1)).date(),
                )
                for i, m in enumerate(clients)
                for weeks in (1, 2)
            )
            # The counselor's own history: 20 looks per client over two months, and the
            # rows 50 earlier caseload visits wrote (which "you last looked" leaves out).
            AuditEvent.objects.bulk_create(
                AuditEvent(
                    actor=counselor,
                    member=m,
                    action=action,
                    scope=Scope.PLAN,
                    at=now - timedelta(days=(i + n) % 60, minutes=n),
                )
                for i, m in enumerate(clients)
                for n, action in enumerate(["view_client"] * 20 + ["view_caseload_plan"] * 50)
            )
    clients = list(User.objects.filter(care_team__counselor=counselor))
    today = local_date(clients[0].timezone)
    CheckIn.objects.filter(member__in=clients).delete()
    UseReport.objects.filter(member__in=clients).delete()
    CheckIn.objects.bulk_create(
        CheckIn(
            member=m,
            local_date=today - timedelta(days=ago),
            hungry=(i + ago) % 4,
            angry=0,
            lonely=(i // 4 + ago) % 4,
            tired=1,
            craving=(i + ago) % 11,
            mood=1 + i % 5,
            sleep_hours=7,
            medication="yes",
            support_contact=True,
            used_today=(i + ago) % 29 == 0,
        )
        for i, m in enumerate(clients)
        for ago in range(14)
        if (i + ago) % 5 and not (i % 7 == 0 and ago < 5)  # gaps; some quiet for days
    )
    UseReport.objects.bulk_create(
        UseReport(
            member=m,
            occurred_at=timezone.now(),
            local_date=today - timedelta(days=i % 14),
            kind=UseKind.LAPSE,
        )
        for i, m in enumerate(clients)
        if i % 9 == 0
    )
    return counselor


PAGE_VIEWS = {
    "by need": "/counselor/",
    "sorted by craving": "/counselor/?sort=craving&dir=desc",
    "sorted by you last looked": "/counselor/?sort=looked&dir=desc",
    "filtered (attention, quiet 3)": "/counselor/?show=attention&quiet=3",
    "page 8 by need": "/counselor/?page=8",
}


def caseload_pages(counselor: User, runs: int = 20) -> None:
    setup_test_environment()
    client = staff_client(counselor)
    views = dict(PAGE_VIEWS)
    for search in ("", "wide 1"):
        session = client.session
        session["caseload_search"] = search
        session.save()
        for name, url in views.items():
            label = f"{name}, searched" if search else name
            assert client.get(url).status_code == 200  # warm-up, and it shows
            # Each request empties Django's query log when it starts: read it after.
            connection.force_debug_cursor = True
            try:
                client.get(url)
                queries = len(connection.queries)
            finally:
                connection.force_debug_cursor = False
            report(
                f"page {label} ({queries} q)"[:42],
                timed(lambda url=url: client.get(url), runs),
            )
        views = {"by need": "/counselor/"}


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
    wide = build_wide()
    with CaptureQueriesContext(connection) as ctx:
        caseload(wide, everyone, 1)
    print(f"caseload queries ({WIDE_CLIENTS} clients): {len(ctx)}")
    report(f"caseload ({WIDE_CLIENTS} clients)", timed(lambda: caseload(wide, everyone, 1), 50))
    caseload_pages(wide)
    reset_queries()


if __name__ == "__main__":
    main()
