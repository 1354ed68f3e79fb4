"""Server time of the counselor's client page for a member with a year of check-ins.

Target: well under 100 ms. Uses the database named by DATABASE_URL (make bench: its own).

    make bench
"""

from __future__ import annotations

import copy
import os
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_site.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test.utils import setup_test_environment
from django.utils import timezone
from staff_client import staff_client

from accounts.models import CareAssignment, Consent, Role, User
from checkins.models import CheckIn, UseReport
from checkins.progress import local_date
from plans.demo import ALEX_PLAN
from plans.versions import write_plan

EMAIL = "year@bench.example"


def build() -> tuple[User, User]:
    counselor, _ = User.objects.get_or_create(
        email="counselor@bench.example",
        defaults={"display_name": "Bench counselor", "role": Role.COUNSELOR},
    )
    member, created = User.objects.get_or_create(
        email=EMAIL,
        defaults={"display_name": "Year", "date_joined": timezone.now() - timedelta(days=400)},
    )
    if created:
        CareAssignment.objects.create(counselor=counselor, member=member)
        Consent.objects.create(
            member=member,
            recipient=counselor,
            scope_plan=True,
            scope_checkins=True,
            purpose="bench",
            signature="Y",
            discloser="bench",
            recipient_name=counselor.display_name,
            expires_at=timezone.now() + timedelta(days=365),
            text="bench",
        )
        write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=list(ALEX_PLAN))
        today = local_date(member.timezone)
        CheckIn.objects.bulk_create(
            CheckIn(
                member=member,
                local_date=today - timedelta(days=ago),
                hungry=ago % 4,
                angry=(ago // 3) % 4,
                lonely=(ago // 5) % 4,
                tired=(ago // 7) % 4,
                craving=ago % 11,
                mood=1 + ago % 5,
                sleep_hours=Decimal("6.5"),
                medication="yes",
                support_contact=ago % 2 == 0,
                used_today=ago % 90 == 45,
            )
            for ago in range(365)
        )
        for ago in (45, 135, 225, 315):
            UseReport.objects.create(
                member=member,
                occurred_at=timezone.now() - timedelta(days=ago),
                local_date=today - timedelta(days=ago),
                kind="lapse",
                notes="bench",
            )
    return counselor, member


def main() -> None:
    call_command("migrate", verbosity=0)
    setup_test_environment()
    counselor, member = build()
    client = staff_client(counselor)
    url = f"/counselor/clients/{member.pk}/"
    assert client.get(url).status_code == 200
    queries: list[str] = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        client.get(url)
    samples = []
    for _ in range(50):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    samples.sort()
    print(
        f"client page, 365 check-ins + full plan ({connection.vendor}): "
        f"median {statistics.median(samples):.1f} ms, p95 {samples[int(len(samples) * 0.95) - 1]:.1f} ms, "
        f"{len(queries)} queries"
    )


if __name__ == "__main__":
    main()
