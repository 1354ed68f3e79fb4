"""The evening's data at the size issue 14 measured, for the load test and for profiling.

One program of 4,000 members; 20 counselors with 200 clients each, and three more with
caseloads of 50, 200 and 1,000 (the caseload page's growth); a consent per care link
(most share plan, check-ins and alerts; some only part); a plan for most members; a year
of daily check-ins for 1,000 of them (half checked in already tonight, half not yet);
about 40 unresolved alerts for the first counselor; two alumni coordinators and 1,056
members drifting away from the network (alumni/drift.py: no check-in, attended event or
outreach for more than WAYPOINT_DRIFT_DAYS, and joined before that).

Rows go in with bulk_create, built through the model layer's own pieces where they cost
nothing extra (consent_text for the signed words, new_item_id for plan items, the
drift and gate rules to check the result). The database is the one DATABASE_URL names; it
must be a waypoint_bench* database, because a stale one (another shape, or seeded on an
earlier day: the data is relative to today) is dropped and made again.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/waypoint_bench_evening \\
        .venv/bin/python bench/seed.py [--members 4000] [--fresh]

`cast()` names the people the load test signs in as, without building anything.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import os
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_site.settings")

import django

django.setup()

import psycopg2
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import OperationalError, ProgrammingError, connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.consent import Terms, consent_text, discloser_name
from accounts.models import CareAssignment, Consent, ExpiryEvent, Program, Role, Scope, User
from alerts.models import Alert, AlertStatus
from alumni.drift import drifting
from alumni.models import Outreach, OutreachMethod, OutreachOutcome
from checkins.models import CheckIn, UseReport
from checkins.progress import local_date
from core.stages import Stage
from plans.demo import ALEX_PLAN
from plans.models import Plan, PlanVersion
from plans.sections import BY_KEY, SECTIONS
from plans.versions import new_item_id
from reminders.models import EVERY_DAY, ReminderSchedule

# Every bench account signs in with this (the sign-in measurement uses the login form).
PASSWORD = "evening-bench-password-7351"  # noqa: S105 (bench accounts only)
DOMAIN = "evening.bench.example"
BATCH = 5_000
ZONES = ["America/New_York"] * 6 + ["America/Chicago"] * 2 + ["America/Los_Angeles"]


@dataclass(frozen=True)
class Shape:
    """How big the evening is; the defaults are issue 14's."""

    members: int = 4_000
    counselors: int = 20
    clients_each: int = 200
    caseloads: tuple[int, ...] = (50, 200, 1_000)  # one more counselor for each size
    year_members: int = 1_000  # a year of daily check-ins
    days: int = 365
    alerts: int = 40  # unresolved, for the first counselor's clients
    drifting: int = 1_056
    coordinators: int = 2

    def __post_init__(self) -> None:
        others = self.members - self.year_members
        if self.counselors * self.clients_each > self.members:
            raise ValueError("more care links than members")
        if max(self.caseloads, default=0) > self.members or self.drifting > others:
            raise ValueError("the caseloads and drifting members must fit in the members")
        if self.alerts > min(self.clients_each, self.year_members // self.counselors):
            raise ValueError("the first counselor needs a year client for each alert")

    @property
    def program_name(self) -> str:
        # The shape is in the name, so a database seeded with another shape is seen as stale.
        digest = hashlib.sha256(repr(asdict(self)).encode()).hexdigest()[:10]
        return f"Evening bench {self.members} {digest}"


@dataclass
class Cast:
    """Who the load test signs in as (ids), found by email in a seeded database."""

    program_id: int
    checked_in: list[int] = field(default_factory=list)  # year members, checked in tonight
    not_yet: list[int] = field(default_factory=list)  # year members, not yet tonight
    counselor: int = 0  # 200 clients, the alerts
    clients: list[int] = field(default_factory=list)  # the counselor's, sharing everything
    caseload: dict[int, int] = field(default_factory=dict)  # size: counselor
    coordinator: int = 0


def email(kind: str, i: int) -> str:
    return f"{kind}{i}@{DOMAIN}"


# --- The database -----------------------------------------------------------------------


def database_name() -> str:
    return str(connection.settings_dict["NAME"])


def recreate_database() -> None:
    """Drop and create the bench database (only a waypoint_bench* one), then migrate."""
    name = database_name()
    if connection.vendor != "postgresql" or not name.startswith("waypoint_bench"):
        raise SystemExit(f"refusing to drop {name!r}: the bench seeds waypoint_bench* only")
    connection.close()
    params = connection.get_connection_params()
    params.pop("database", None)
    params["dbname"] = "postgres"
    admin = psycopg2.connect(**params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    call_command("migrate", verbosity=0)


def current(shape: Shape) -> Program | None:
    """The program of a database seeded today with this shape, else None."""
    try:
        program = Program.objects.filter(name=shape.program_name).first()
    except (OperationalError, ProgrammingError):  # no such database yet, or not migrated
        connection.close()
        return None
    if program is None or not _same_day_everywhere(program.created_at):
        return None
    return program


def _same_day_everywhere(then: datetime) -> bool:
    """Whether no member's zone (nor the server's) has passed midnight since `then`: the
    seed's "today" check-ins are each member's own local today only until then, and after
    it the response page redirects them to the form (a 302 the load test counts as an
    error)."""
    now = timezone.now()
    zones = {ZoneInfo(name) for name in ZONES} | {timezone.get_current_timezone()}
    return all(then.astimezone(zone).date() == now.astimezone(zone).date() for zone in zones)


# --- People -------------------------------------------------------------------------------


def _members(shape: Shape, program: Program, password: str, now: datetime) -> list[User]:
    rng = random.Random(4000)
    people = []
    for i in range(shape.members):
        year = i < shape.year_members
        drifts = shape.year_members <= i < shape.year_members + shape.drifting
        # Newcomers (joined this week) are never drifting; everyone else joined months ago.
        newcomer = not year and not drifts and i % 10 == 0
        joined = now - timedelta(days=rng.randint(2, 10) if newcomer else rng.randint(60, 420))
        if year:
            joined = now - timedelta(days=shape.days + rng.randint(5, 60))
        people.append(
            User(
                email=email("member", i),
                display_name=f"Member {i:04d}",
                password=password,
                timezone=ZONES[i % len(ZONES)],
                program=program,
                date_joined=joined,
                recovery_began_on=(joined - timedelta(days=rng.randint(0, 90))).date()
                if i % 5
                else None,
                program_messages=i % 3 != 0,
                volunteers_as_peer=i % 40 == 0,
            )
        )
    return User.objects.bulk_create(people, batch_size=BATCH)


def _staff(kind: str, role: str, count: int, program: Program, password: str) -> list[User]:
    people = User.objects.bulk_create(
        User(
            email=email(kind, i),
            display_name=f"{kind.title()} {i:02d}",
            password=password,
            role=role,
            program=program,
            date_joined=timezone.now() - timedelta(days=500),
        )
        for i in range(count)
    )
    # Staff must have a second factor; the load test's sessions say it was given.
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=person, name="authenticator app", confirmed=True) for person in people
    )
    return people


# --- Care teams and consent ---------------------------------------------------------------


def _links(shape: Shape, members: list[User], counselors: list[User]) -> list[tuple[User, User]]:
    """(counselor, member) care links: the 20 caseloads, then one counselor per size."""
    main, extra = counselors[: shape.counselors], counselors[shape.counselors :]
    links = [(main[i // shape.clients_each], m) for i, m in enumerate(members)][
        : shape.counselors * shape.clients_each
    ]
    for counselor, size in zip(extra, shape.caseloads, strict=True):
        stride = len(members) // size
        # Spread over the program, so each caseload has its share of year members.
        links += [(counselor, members[k * stride + 1]) for k in range(size)]
    return links


def _scopes(i: int, first: bool) -> tuple[str, ...]:
    if first or i % 20 < 17:
        return (Scope.PLAN, Scope.CHECKINS, Scope.ALERTS)
    return (Scope.PLAN, Scope.ALERTS) if i % 20 < 19 else (Scope.PLAN,)


def _care(shape: Shape, members: list[User], counselors: list[User], today: date) -> None:
    links = _links(shape, members, counselors)
    CareAssignment.objects.bulk_create(
        (
            CareAssignment(
                counselor=c, member=m, started_on=min(today, timezone.localdate(m.date_joined))
            )
            for c, m in links
        ),
        batch_size=BATCH,
    )
    first = counselors[0]
    consents = []
    for i, (counselor, member) in enumerate(links):
        signed = timezone.localdate(member.date_joined)
        by_date = i % 2 == 0
        terms = Terms(
            member=member,
            recipient=counselor,
            scopes=_scopes(i, counselor == first),
            purpose="Working on my recovery together",
            expires_on=today + timedelta(days=180) if by_date else None,
            expiry_event="" if by_date else ExpiryEvent.WORKS_WITH_ME,
            signed_on=signed,
        )
        consents.append(
            Consent(
                member=member,
                discloser=discloser_name(member),
                recipient=counselor,
                recipient_name=counselor.display_name,
                purpose=terms.purpose,
                signature=member.display_name,
                granted_at=member.date_joined + timedelta(hours=1),
                expires_at=timezone.now() + timedelta(days=180) if by_date else None,
                expiry_event=terms.expiry_event,
                text=consent_text(terms, member.display_name),
                **{
                    f"scope_{s}": s in terms.scopes
                    for s in (Scope.PLAN, Scope.CHECKINS, Scope.ALERTS)
                },
            )
        )
    Consent.objects.bulk_create(consents, batch_size=BATCH)


# --- Plans --------------------------------------------------------------------------------


def _plan_content(i: int) -> tuple[dict[str, Any], list[str]]:
    """Alex's demo plan with fresh item ids; every third member is half-way through."""
    content = copy.deepcopy(ALEX_PLAN)
    keys = [s.key for s in SECTIONS]
    if i % 3 == 2:
        keys = keys[: len(keys) // 2]
        content = {k: v for k, v in content.items() if k in keys}
    for key, value in content.items():
        if BY_KEY[key].is_list:
            content[key] = [{**item, "id": new_item_id()} for item in value]
    return content, keys


def _plans(members: list[User], now: datetime) -> None:
    written = [(m, *_plan_content(i)) for i, m in enumerate(members) if i % 10 != 9]
    plans = Plan.objects.bulk_create(
        (
            Plan(member=m, content=c, finished_sections=f, revision=1, created_at=now)
            for m, c, f in written
        ),
        batch_size=BATCH,
    )
    PlanVersion.objects.bulk_create(
        (
            PlanVersion(plan=plan, number=1, author=m, created_at=now, sections=list(c), content=c)
            for plan, (m, c, _f) in zip(plans, written, strict=True)
        ),
        batch_size=BATCH,
    )


# --- Check-ins --------------------------------------------------------------------------


def _checkin(rng: random.Random, member: User, day: date, rough: float, at: datetime) -> CheckIn:
    """One plausible check-in; `rough` from 0 (steady) to 1 (hardest)."""

    def halt() -> int:
        return min(3, max(0, round(rng.gauss(0.4 + 2 * rough, 0.6))))

    saved = at
    return CheckIn(
        member=member,
        local_date=day,
        hungry=halt(),
        angry=halt(),
        lonely=halt(),
        tired=halt(),
        craving=min(10, max(0, round(rng.gauss(1.5 + 7 * rough, 1.2)))),
        mood=min(5, max(1, round(rng.gauss(4 - 2.5 * rough, 0.6)))),
        sleep_hours=Decimal(str(round(max(3.0, rng.gauss(7.3 - 3 * rough, 0.8)) * 2) / 2)),
        medication=rng.choice(["yes", "yes", "yes", "none"]) if rough < 0.6 else "no",
        support_contact=rng.random() > 0.25 + 0.5 * rough,
        note="Long shift, went to group after." if rng.random() < 0.1 else "",
        created_at=saved,
        updated_at=saved,
        # Read by the rules already: the alerts sweep must not re-evaluate a whole year.
        evaluated_at=saved,
    )


def _days(shape: Shape, i: int, today: date, rng: random.Random) -> Iterator[tuple[int, float]]:
    """(days ago, roughness) of member i's check-ins."""
    if i < shape.year_members:
        tonight = 0 if i % 2 == 0 else 1  # half have checked in already this evening
        rough_from = rng.randrange(shape.days)
        for ago in range(tonight, shape.days):
            if ago and rng.random() < 0.08:
                continue  # the odd missed day
            yield ago, max(0.0, 1 - abs(ago - rough_from) / 6) if i % 7 == 3 else 0.1
    elif i < shape.year_members + shape.drifting:
        if i % 5 == 0:
            return  # never checked in
        last = rng.randint(16, 200)  # past the drift line, whatever the member's zone
        for ago in range(last, last + rng.randint(1, 30)):
            yield ago, 0.2
    elif i % 10:  # engaged lately (newcomers have not checked in yet)
        for ago in sorted(rng.sample(range(1, 12), rng.randint(2, 8))):
            yield ago, 0.15


def _checkins(shape: Shape, members: list[User], now: datetime) -> None:
    rng = random.Random(365)
    batch: list[CheckIn] = []
    reports = []
    for i, member in enumerate(members):
        today = local_date(member.timezone)
        for ago, rough in _days(shape, i, today, rng):
            day = today - timedelta(days=ago)
            batch.append(_checkin(rng, member, day, rough, now - timedelta(days=ago)))
            if rough > 0.9 and rng.random() < 0.5:
                batch[-1].used_today = True
                reports.append(
                    UseReport(
                        member=member,
                        occurred_at=now - timedelta(days=ago, hours=3),
                        local_date=day,
                        kind="lapse",
                        evaluated_at=now,
                    )
                )
            if len(batch) >= BATCH:
                CheckIn.objects.bulk_create(batch)
                batch = []
    CheckIn.objects.bulk_create(batch)
    UseReport.objects.bulk_create(reports, batch_size=BATCH)


def _reminders(members: list[User], now: datetime) -> None:
    ReminderSchedule.objects.bulk_create(
        (
            ReminderSchedule(
                member=m, local_time=clock(19 + i % 3, (i * 7) % 60), weekdays=EVERY_DAY
            )
            for i, m in enumerate(members)
            if i % 4
        ),
        batch_size=BATCH,
    )


# --- Alerts and outreach -------------------------------------------------------------------

SIGNALS = {
    Stage.EMOTIONAL: [
        {"code": "halt_strain", "explanation": "Two or more of HALT high on 3 of 5 check-ins."},
        {"code": "no_support", "explanation": "No support contact or meeting in 7 days."},
    ],
    Stage.MENTAL: [{"code": "craving_high", "explanation": "Craving 7 or more on 3 days."}],
    Stage.PHYSICAL: [{"code": "use", "explanation": "Reported a lapse."}],
}


def _alerts(shape: Shape, clients: Sequence[User], counselor: User, now: datetime) -> None:
    stages = [Stage.EMOTIONAL] * 6 + [Stage.MENTAL] * 3 + [Stage.PHYSICAL]
    rows = []
    for i, member in enumerate(clients[: shape.alerts]):
        stage = stages[i % len(stages)]
        acknowledged = i % 4 == 1
        rows.append(
            Alert(
                member=member,
                stage=stage,
                status=AlertStatus.ACKNOWLEDGED if acknowledged else AlertStatus.OPEN,
                signals=SIGNALS[stage],
                opened_at=now - timedelta(hours=3 + 5 * i),
                updated_at=now - timedelta(hours=2 + i),
                acknowledged_by=counselor if acknowledged else None,
                acknowledged_at=now - timedelta(hours=1 + i) if acknowledged else None,
                notified_at=now - timedelta(hours=3 + 5 * i),
            )
        )
    Alert.objects.bulk_create(rows)


def _outreach(shape: Shape, members: list[User], coordinator: User, now: datetime) -> None:
    drifters = members[shape.year_members : shape.year_members + shape.drifting]
    Outreach.objects.bulk_create(
        Outreach(
            member=m,
            coordinator=coordinator,
            method=OutreachMethod.CALL if i % 2 else OutreachMethod.TEXT,
            outcome=OutreachOutcome.MESSAGE if i % 3 else OutreachOutcome.NO_ANSWER,
            created_at=now - timedelta(days=20 + i % 40),
        )
        for i, m in enumerate(drifters)
        if i % 6 == 1
    )


# --- Building ---------------------------------------------------------------------------


def build(shape: Shape, *, fresh: bool = False, say: Any = print) -> Cast:
    """Seed the database for `shape` unless it already is (today); return the cast."""
    if not fresh and (program := current(shape)) is not None:
        say(f"seed: {database_name()} already holds {shape.program_name!r} (seeded today)")
        # The data is kept, the schema is not: tables added since (a new app's) must exist
        # or their pages answer 500 under load.
        call_command("migrate", verbosity=0)
        return cast(shape)
    start = time.perf_counter()
    recreate_database()
    now = timezone.now()
    today = timezone.localdate()
    password = make_password(PASSWORD)  # one hash for everyone: hashing 4,000 takes minutes
    steps: list[tuple[str, float]] = []

    def step(name: str) -> None:
        steps.append((name, time.perf_counter() - start))

    with transaction.atomic():
        program = Program.objects.create(name=shape.program_name)
        members = _members(shape, program, password, now)
        counselors = _staff(
            "counselor", Role.COUNSELOR, shape.counselors + len(shape.caseloads), program, password
        )
        coordinators = _staff(
            "coordinator", Role.COORDINATOR, shape.coordinators, program, password
        )
        step("people")
        _care(shape, members, counselors, today)
        step("care links and consents")
        _plans(members, now)
        step("plans")
        _checkins(shape, members, now)
        step("check-ins")
        _reminders(members, now)
        first_clients = [m for c, m in _links(shape, members, counselors) if c == counselors[0]]
        year_clients = [
            m for i, m in enumerate(first_clients) if m.pk <= members[shape.year_members - 1].pk
        ]
        _alerts(shape, year_clients, counselors[0], now)
        _outreach(shape, members, coordinators[0], now)
        step("reminders, alerts, outreach")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    step("vacuum analyze")
    found = cast(shape)
    drifters = drifting(User.objects.get(pk=found.coordinator)).count()
    say(
        f"seed: {database_name()} in {time.perf_counter() - start:.0f} s ("
        + ", ".join(f"{n} by {t:.0f} s" for n, t in steps)
        + f"): {shape.members:,} members, {CheckIn.objects.count():,} check-ins, "
        f"{Consent.objects.count():,} consents, {drifters:,} drifting"
    )
    if drifters != shape.drifting:
        raise SystemExit(f"seed: {drifters} drifting, expected {shape.drifting}")
    return found


def cast(shape: Shape) -> Cast:
    program = Program.objects.get(name=shape.program_name)
    ids = dict(User.objects.filter(email__endswith=f"@{DOMAIN}").values_list("email", "pk"))
    year = [ids[email("member", i)] for i in range(shape.year_members)]
    counselor = ids[email("counselor", 0)]
    shares_all = Consent.objects.filter(
        recipient_id=counselor, scope_plan=True, scope_checkins=True, member_id__in=year
    ).values_list("member_id", flat=True)
    return Cast(
        program_id=program.pk,
        checked_in=year[0::2],
        not_yet=year[1::2],
        counselor=counselor,
        clients=sorted(shares_all),
        caseload={
            size: ids[email("counselor", shape.counselors + k)]
            for k, size in enumerate(shape.caseloads)
        },
        coordinator=ids[email("coordinator", 0)],
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=Shape.members)
    parser.add_argument("--fresh", action="store_true", help="drop and seed again")
    args = parser.parse_args(argv)
    build(Shape(members=args.members), fresh=args.fresh)


if __name__ == "__main__":
    main()
