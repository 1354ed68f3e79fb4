"""The evening's pages under load, against gunicorn as deployed (issue 14).

Seeds (bench/seed.py) or reuses the evening's data in DATABASE_URL's database (a
waypoint_bench* one), collects static files, starts gunicorn with the Dockerfile's command
(3 sync workers) and a Celery worker as docker-compose.yml runs it, both with DEBUG off, a
bench SECRET_KEY, Redis db REDIS_URL (6) for cache and broker and WAYPOINT_BENCH=1 for the
two floor pages. Then wrk (bench/load.lua) requests each page with signed-in sessions made
directly in the session store (staff with their second factor given), in short runs that
alternate with the signed-in floor: page, floor, page, floor... The table gives each
page's medians and its requests per second as a share of the floor's in the same rounds.

    make bench            # or: .venv/bin/python bench/load.py [--seconds 5] [--rounds 3]

Requests per second depend on what else the machine runs: the ratios to the floor are
what to compare between runs and branches.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
# The servers and this process share these: sessions made here must be valid there (the
# session hash is keyed by SECRET_KEY) and the data is the same database.
SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-never-deployed-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_PROXY_SSL_HEADER": "1",  # as docker-compose.yml: behind an HTTPS proxy
    # Not DATABASE_URL: make bench sets that to the micro-benchmarks' database, and a stale
    # evening database is dropped (bench/seed.py).
    "DATABASE_URL": os.environ.get("EVENING_DATABASE_URL")
    or "postgres://postgres@127.0.0.1:5432/waypoint_bench_evening",
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"),
    "WAYPOINT_BENCH": "1",
    "WAYPOINT_VAR_DIR": str(BENCH_VAR),
    # No mail server here: alert emails are made and handed to a backend that drops them.
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
}
os.environ.update(SERVER_ENV)
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import seed  # sets Django up
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from results import write_section

from accounts.middleware import LAST_SEEN, SECOND_STEP
from accounts.models import User
from accounts.second_factor import is_staff_role
from checkins.models import CheckIn
from checkins.progress import local_date

LUA = ROOT / "bench" / "load.lua"
# A steady evening's answers (no alert): the form's fields (checkins/forms.py).
ANSWERS = (
    "hungry=1&angry=0&lonely=1&tired=2&craving=2&mood=4&sleep_hours=7.5&medication=yes"
    "&support_contact=True&used_today=False&self_harm=&note="
)


@dataclass
class Page:
    name: str
    entries: list[tuple[str, str, str]]  # (path, cookie, email)
    mode: str = "get"
    expected: int = 200
    pairs: bool = False  # a form: two requests (GET, POST) per submission


@dataclass
class Run:
    requests: int
    seconds: float
    p50: float
    p95: float
    p99: float
    socket_errors: int
    http_errors: int
    unexpected: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def errors(self) -> int:
        return self.socket_errors + self.http_errors + self.unexpected


@dataclass
class Row:
    name: str
    runs: list[Run] = field(default_factory=list)
    floors: list[Run] = field(default_factory=list)
    pairs: bool = False

    def median(self, attribute: str, runs: list[Run] | None = None) -> float:
        return statistics.median(getattr(r, attribute) for r in (runs or self.runs))

    @property
    def rate(self) -> float:
        """Requests per second, or submissions per second for a form (GET + POST)."""
        return self.median("rate") / (2 if self.pairs else 1)

    @property
    def ratio(self) -> float:
        """The page's rate as a share of the floor's, the median over the rounds."""
        per = 2 if self.pairs else 1
        return share([r.rate / per for r in self.runs], [f.rate for f in self.floors])


def share(rates: list[float], floors: list[float]) -> float:
    # Paired by round: a busy moment slows the page and its floor alike. A round whose
    # floor got nothing through (a stalled machine) says nothing.
    paired = [r / f for r, f in zip(rates, floors, strict=True) if f]
    return statistics.median(paired) if paired else math.nan


# --- Servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def dockerfile_command(port: int) -> list[str]:
    """The Dockerfile's CMD (gunicorn, its workers and flags), bound to a local port."""
    line = next(
        line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD")
    )
    command: list[str] = json.loads(line.removeprefix("CMD"))
    # The config file binds 0.0.0.0:8000; a --bind on the command line wins over it.
    if "--bind" in command:
        bind = command.index("--bind")
        del command[bind : bind + 2]
    return [str(ROOT / ".venv" / "bin" / command[0]), *command[1:], "--bind", f"127.0.0.1:{port}"]


def wait_healthy(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(  # noqa: S310 (our own local server)
        f"{url}/healthz", headers={"X-Forwarded-Proto": "https"}
    )
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url}/healthz in {seconds:.0f} s")


@contextmanager
def servers(log_dir: Path) -> Iterator[str]:
    """gunicorn and a Celery worker, as deployed; yields the base URL."""
    env = {**os.environ, **SERVER_ENV}
    bin_dir = ROOT / ".venv" / "bin"
    subprocess.run(
        [str(bin_dir / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    # Our Redis db only: tasks left over from an earlier run would load the worker.
    subprocess.run(
        ["redis-cli", "-u", SERVER_ENV["REDIS_URL"], "FLUSHDB"], check=True, capture_output=True
    )
    port = free_port()
    started = []
    try:
        for name, command in (
            # As docker-compose.yml's worker service.
            (
                "worker",
                [str(bin_dir / "celery"), "-A", "recovery_site", "worker", "--loglevel=INFO"],
            ),
            ("gunicorn", dockerfile_command(port)),
        ):
            with (log_dir / f"{name}.log").open("w") as log:
                started.append(
                    subprocess.Popen(
                        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
                    )
                )
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url)
        yield url
    finally:
        for process in reversed(started):
            process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


# --- Sessions -----------------------------------------------------------------------------


def csrf_secret() -> str:
    # The CSRF cookie's secret, as Django makes one (32 letters and digits).
    return get_random_string(32)


def sessions(user_ids: list[int], per_user: int = 1) -> list[str]:
    """Signed-in sessions, as a sign-in leaves them (the second step given for staff):
    one Cookie header each, with its own CSRF cookie."""
    users = list(User.objects.filter(pk__in=user_ids))
    devices = dict(
        TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", "pk")
    )
    rows, cookies = [], []
    expire = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    for user in users:
        for _ in range(per_user):
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
                SECOND_STEP: "done",
            }
            if is_staff_role(user):
                device = TOTPDevice(pk=devices[user.pk])
                data[DEVICE_ID_SESSION_KEY] = device.persistent_id
                data[LAST_SEEN] = time.time()
            key = secrets.token_hex(16)
            rows.append(
                Session(
                    session_key=key, session_data=SessionStore().encode(data), expire_date=expire
                )
            )
            cookies.append(f"sessionid={key}; csrftoken={csrf_secret()}")
    Session.objects.bulk_create(rows)
    return cookies


def signed_in(path: str, user_ids: list[int], per_user: int = 1) -> list[tuple[str, str, str]]:
    return [(path, cookie, "") for cookie in sessions(user_ids, per_user)]


def not_checked_in_yet(member_ids: list[int]) -> None:
    """Tonight's check-ins of the not-yet pool go, so each member's first submission in a
    run creates one and later ones update it (a member changing their answers)."""
    members = User.objects.filter(pk__in=member_ids)
    for zone in {m.timezone for m in members}:
        CheckIn.objects.filter(
            member__in=members.filter(timezone=zone), local_date=local_date(zone)
        ).delete()


# --- Pages --------------------------------------------------------------------------------


def pages(shape: seed.Shape, cast: seed.Cast) -> list[Page]:
    member_pool = cast.checked_in + cast.not_yet
    counselor = cast.counselor
    sign_ins = [
        ("/accounts/login/", f"csrftoken={csrf_secret()}", e)
        for e in User.objects.filter(pk__in=cast.not_yet[:200]).values_list("email", flat=True)
    ]
    staff_floor = signed_in("/bench/floor/signed-in/", [counselor], 8)
    client_cookies = sessions([counselor], 8)
    return [
        Page("signed-in floor, a counselor's session", staff_floor),
        Page("/today/", signed_in("/today/", member_pool)),
        Page("GET /checkin/", signed_in("/checkin/", cast.not_yet)),
        Page(
            "POST /checkin/ (GET form + POST), per submission",
            signed_in("/checkin/", cast.not_yet),
            mode="form",
            expected=302,
            pairs=True,
        ),
        Page("/checkin/response/", signed_in("/checkin/response/", cast.checked_in)),
        Page("/checkins/ (a year)", signed_in("/checkins/", member_pool)),
        *[
            Page(f"/counselor/ ({size:,} clients)", signed_in("/counselor/", [pk], 8))
            for size, pk in sorted(cast.caseload.items())
        ],
        Page(
            "/counselor/clients/<id>/ (a year, full plan)",
            [
                (f"/counselor/clients/{client}/", cookie, "")
                for client, cookie in zip(
                    cast.clients, client_cookies * len(cast.clients), strict=False
                )
            ],
        ),
        Page(f"/alerts/ ({shape.alerts} unresolved)", signed_in("/alerts/", [counselor], 8)),
        Page(
            f"/alumni/drift/ ({shape.drifting:,} drifting)",
            signed_in("/alumni/drift/", [cast.coordinator], 8),
        ),
        Page("sign-in (GET form + POST), per sign-in", sign_ins, "signin", 302, pairs=True),
    ]


# --- wrk ----------------------------------------------------------------------------------


def wrk(url: str, page: Page, seconds: float, connections: int, entries: Path) -> Run:
    entries.write_text("".join("\t".join(e) + "\n" for e in page.entries))
    command = [
        "wrk",
        f"-t{connections}",
        f"-c{connections}",  # one connection per thread: a form's GET and POST are a pair
        f"-d{seconds:g}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        url,
        "--",
        str(entries),
        page.mode,
        str(page.expected),
        seed.PASSWORD,
        ANSWERS,
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"wrk failed for {page.name}: {done.stdout}\n{done.stderr}")
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result for {page.name}: {done.stdout}\n{done.stderr}")
    run = Run(**json.loads(line.removeprefix("RESULT ")))
    # wrk stops at its time with requests in flight, which the workers still finish: let
    # them, or the next run (the floor after a slow page) starts behind them.
    time.sleep(max(0.2, run.p99 / 1000))
    return run


# --- The table ----------------------------------------------------------------------------


def table(rows: list[Row], anonymous: Row, seconds: float, rounds: int) -> str:
    """The Markdown table: the floors first, then each page against the signed-in floor."""
    lines = [
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | vs signed-in floor |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]

    def line(name: str, runs: list[Run], rate: float, versus: str) -> str:
        row = Row(name, runs=runs)
        errors = sum(r.errors for r in runs)
        return (
            f"| {name} | {rate:,.1f} | {row.median('p50'):,.1f} | {row.median('p95'):,.1f} | "
            f"{row.median('p99'):,.1f} | {errors} | {versus} |"
        )

    # The two floors from the same rounds; the machine's load changes over the whole test.
    signed_share = share([f.rate for f in anonymous.floors], [r.rate for r in anonymous.runs])
    lines.append(line("anonymous floor (one query)", anonymous.runs, anonymous.rate, ""))
    lines.append(
        line(
            "signed-in floor (session and user)",
            anonymous.floors,
            statistics.median(f.rate for f in anonymous.floors),
            f"100% ({signed_share:.0%} of the anonymous floor)",
        )
    )
    lines += [line(row.name, row.runs, row.rate, f"{row.ratio:.1%}") for row in rows]
    floors = [f for row in [anonymous, *rows] for f in row.floors]
    floor_rates = [f.rate for f in floors]
    return "\n".join(
        [
            f"gunicorn as in the Dockerfile (3 sync workers), a Celery worker, PostgreSQL and "
            f"Redis on this {os.cpu_count()}-core machine (load average "
            f"{os.getloadavg()[0]:.1f} at the end); wrk with signed-in sessions, "
            f"{rounds} rounds of {seconds:g} s per page, each followed by {seconds:g} s of the "
            "signed-in floor; medians over the rounds, errors summed; a form (GET + POST) "
            "counts as one.",
            "",
            *lines,
            "",
            f"The signed-in floor ran {len(floors)} times through the test: median "
            f"{statistics.median(floor_rates):,.1f} req/s, from {min(floor_rates):,.1f} to "
            f"{max(floor_rates):,.1f} (how busy the machine was); each page is compared with "
            "the floor runs of its own rounds.",
        ]
    )


def measure(url: str, page: Page, floor: Page, args: argparse.Namespace, scratch: Path) -> Row:
    row = Row(page.name, pairs=page.pairs)
    # Discarded: each worker's first request to a view loads its code and templates.
    wrk(url, page, args.warmup, args.connections, scratch / "page.tsv")
    for _ in range(args.rounds):
        if page.mode == "form":
            not_checked_in_yet(seed.cast(seed.Shape()).not_yet)
        row.runs.append(wrk(url, page, args.seconds, args.connections, scratch / "page.tsv"))
        row.floors.append(wrk(url, floor, args.seconds, args.connections, scratch / "floor.tsv"))
    print(
        f"  {page.name:<52} {row.rate:8.1f}/s  p50 {row.median('p50'):7.1f} ms  "
        f"{row.ratio:6.1%} of the floor",
        flush=True,
    )
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4, help="length of each short run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=2, help="seconds, discarded, per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--only", default="", help="pages whose name contains this")
    args = parser.parse_args()
    shape = seed.Shape()
    cast = seed.build(shape)
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    print(
        f"load test: {seed.database_name()}, gunicorn {shlex.join(dockerfile_command(0)[1:])}, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )
    with servers(BENCH_VAR) as url, tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        member_floor = Page(
            "signed-in floor", signed_in("/bench/floor/signed-in/", cast.checked_in + cast.not_yet)
        )
        anonymous = measure(
            url, Page("anonymous floor", [("/bench/floor/", "", "")]), member_floor, args, scratch
        )
        rows = [
            measure(url, page, member_floor, args, scratch)
            for page in pages(shape, cast)
            if args.only.lower() in page.name.lower()
        ]
    text = table(rows, anonymous, args.seconds, args.rounds)
    print("\n" + text)
    write_section("Load test", text)
    # Zero errors is part of every target: a page that failed was not measured.
    failed = [row.name for row in (anonymous, *rows) if sum(r.errors for r in row.runs)]
    if failed:
        print(f"PROBLEM: errors on {', '.join(failed)}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
