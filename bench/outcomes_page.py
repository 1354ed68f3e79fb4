"""Server time of the program outcomes page and its CSV on a generated program.

2,000 members x 12 months (manage.py generate_program), on the database named by
DATABASE_URL (PostgreSQL for the figures in the README). Measures: generating the
program, the nightly snapshot, and the page and the CSV with snapshots (the usual case)
and without (every month live: the first night, or after a restore).

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/waypoint_outcomes \
        .venv/bin/python bench/outcomes_page.py [--members 2000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_site.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test.utils import setup_test_environment
from staff_client import staff_client

from accounts.models import Program, Role, User
from outcomes import snapshots
from outcomes.models import OutcomeCell

NAME = "Outcomes bench"


def timed(what: Callable[[], object], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        what()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(int(len(samples) * 0.95) - 1, 0)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    setup_test_environment()
    program = Program.objects.filter(name=NAME).first()
    if program is None:
        start = time.perf_counter()
        call_command("generate_program", members=args.members, months=12, program=NAME)
        print(
            f"generate_program {args.members} members x 12 months: {time.perf_counter() - start:.1f} s"
        )
        program = Program.objects.get(name=NAME)
    staff = User.objects.filter(program=program, role=Role.COUNSELOR).order_by("pk")[0]
    client = staff_client(staff)

    def page() -> None:
        assert client.get("/program/outcomes/").status_code == 200

    def csv() -> None:
        response = client.get("/program/outcomes.csv")
        assert response.status_code == 200
        b"".join(response.streaming_content)  # type: ignore[attr-defined]

    OutcomeCell.objects.filter(program=program).delete()
    for name, view in (("page", page), ("CSV", csv)):
        median, p95 = timed(view, max(args.runs // 3, 2))
        print(
            f"outcomes {name}, no snapshot (12 months live, {connection.vendor}): median {median:.0f} ms, p95 {p95:.0f} ms"
        )
    start = time.perf_counter()
    written = snapshots.refresh(program.pk)
    print(
        f"nightly snapshot of one program (11 closed months): {written} cells in {(time.perf_counter() - start) * 1000:.0f} ms"
    )
    for name, view in (("page", page), ("CSV", csv)):
        # Django clears connection.queries at each request: count at the cursor instead.
        queries: list[str] = []

        def count(execute, sql, *a, seen=queries):  # type: ignore[no-untyped-def]
            seen.append(sql)
            return execute(sql, *a)

        with connection.execute_wrapper(count):
            view()
        median, p95 = timed(view, args.runs)
        print(
            f"outcomes {name}, snapshots + this month live ({connection.vendor}): median {median:.0f} ms, p95 {p95:.0f} ms, {len(queries)} queries"
        )


if __name__ == "__main__":
    main()
