"""A generated program for the outcomes page and its bench: members, a year of their data.

    manage.py generate_program --members 2000 --months 12

Everything is written with bulk_create in batches (a few dozen statements per table, not
one per row). Members join spread over the months (a fifth before them); each checks in
on most days until they drift away (some never do), reports the odd use, answers a BAM
every two weeks, and some have alerts, acknowledged after a while or not, a few escalated.
A third join an alumni group and come to some of its events. Nobody here is a person:
names and addresses are made up, passwords unusable. Refuses a program name that exists,
and runs only with DEBUG or WAYPOINT_BENCH on (never against a live program's database).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts.models import Program, Role, User, program_today
from alerts.models import Alert, AlertNotice, AlertStatus, NoticeKind
from alumni.models import AlumniGroup, Event, GroupMembership, Rsvp
from checkins.models import CheckIn, UseReport
from core.stages import Stage
from measures.models import BamResult
from messaging.models import Channel, Delivery, Purpose

BATCH = 5000


def _moment(day: date, hour: int, tz: Any) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=tz)


class Command(BaseCommand):
    help = "Generate a program with members and months of check-ins, BAMs, alerts and alumni."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=2000)
        parser.add_argument("--months", type=int, default=12)
        parser.add_argument("--program", default="Generated program")
        parser.add_argument("--seed", type=int, default=15)

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or settings.WAYPOINT_BENCH):
            # Made-up members in a real program would change its real outcomes.
            raise CommandError("generate_program only runs with DEBUG or WAYPOINT_BENCH on.")
        if options["members"] < 1 or options["months"] < 1:
            raise CommandError("--members and --months must be 1 or more.")
        if Program.objects.filter(name=options["program"]).exists():
            raise CommandError(f"A program named {options['program']!r} exists already.")
        with transaction.atomic():
            counts = generate(
                options["program"], options["members"], options["months"], options["seed"]
            )
        self.stdout.write(", ".join(f"{n} {what}" for what, n in counts.items()))


def generate(name: str, size: int, month_count: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    tz = timezone.get_default_timezone()
    today = program_today()
    start = today - timedelta(days=30 * month_count)
    program = Program.objects.create(name=name)
    password = make_password(None)
    slug = "".join(c for c in name.lower() if c.isalnum())[:20]
    staff = User.objects.bulk_create(
        User(
            email=f"{kind}{i}@{slug}.generated.example",
            display_name=f"Generated {kind} {i}",
            role=role,
            program=program,
            password=password,
        )
        for i in range(5)
        for kind, role in (("counselor", Role.COUNSELOR), ("coordinator", Role.COORDINATOR))
    )
    counselor = next(u for u in staff if u.role == Role.COUNSELOR)
    coordinator = next(u for u in staff if u.role == Role.COORDINATOR)
    joined_days = [
        start - timedelta(days=rng.randrange(60))
        if i % 5 == 0
        else start + timedelta(days=rng.randrange((today - start).days + 1))
        for i in range(size)
    ]
    members = User.objects.bulk_create(
        (
            User(
                email=f"member{i}@{slug}.generated.example",
                display_name=f"Generated member {i}",
                role=Role.MEMBER,
                program=program,
                password=password,
                date_joined=_moment(joined, 10, tz),
            )
            for i, joined in enumerate(joined_days)
        ),
        batch_size=BATCH,
    )
    counts = {"members": len(members)}
    checkins: list[CheckIn] = []
    reports: list[UseReport] = []
    bams: list[BamResult] = []
    alerts: list[Alert] = []
    written = {"check-ins": 0}
    for member, joined in zip(members, joined_days, strict=True):
        first = max(joined, start)
        # Some drift away: their last day comes before today.
        stays = rng.random()
        last = today if stays > 0.4 else first + timedelta(days=int(rng.expovariate(1 / 60)))
        last = min(last, today)
        keen = rng.uniform(0.45, 0.95)
        use = rng.uniform(0.0, 0.08)
        day = first
        while day <= last:
            if rng.random() < keen:
                used = rng.random() < use
                checkins.append(_checkin(rng, member, day, used, tz))
            elif rng.random() < use:
                reports.append(
                    UseReport(
                        member=member,
                        occurred_at=_moment(day, 20, tz),
                        local_date=day,
                        kind="lapse",
                        evaluated_at=_moment(day, 21, tz),
                    )
                )
            day += timedelta(days=1)
            if len(checkins) >= BATCH:
                CheckIn.objects.bulk_create(checkins)
                written["check-ins"] += len(checkins)
                checkins = []
        bams.extend(_bams(rng, member, first, last, tz))
        alerts.extend(_alerts(rng, member, counselor, first, last, tz))
    CheckIn.objects.bulk_create(checkins)
    counts["check-ins"] = written["check-ins"] + len(checkins)
    counts["reports of use"] = len(UseReport.objects.bulk_create(reports, batch_size=BATCH))
    counts["BAM results"] = len(BamResult.objects.bulk_create(bams, batch_size=BATCH))
    alerts = Alert.objects.bulk_create(alerts, batch_size=BATCH)
    counts["alerts"] = len(alerts)
    counts["escalations"] = _escalations(rng, alerts, counselor)
    counts.update(_alumni(rng, program, coordinator, members, start, today, tz))
    return counts


def _checkin(rng: random.Random, member: User, day: date, used: bool, tz: Any) -> CheckIn:
    at = _moment(day, 19, tz)
    return CheckIn(
        member=member,
        local_date=day,
        hungry=rng.randint(0, 3),
        angry=rng.randint(0, 2),
        lonely=rng.randint(0, 3),
        tired=rng.randint(0, 3),
        craving=rng.randint(0, 6) + (3 if used else 0),
        mood=rng.randint(2, 5),
        sleep_hours=Decimal(rng.choice(["5.5", "6.0", "7.0", "7.5", "8.0"])),
        medication=rng.choice(["yes", "yes", "none"]),
        support_contact=rng.random() < 0.7,
        used_today=used,
        created_at=at,
        updated_at=at,
        evaluated_at=at,  # read by the rules already: the sweep must not redo a year
    )


def _bams(rng: random.Random, member: User, first: date, last: date, tz: Any) -> list[BamResult]:
    found = []
    use, risk, protective = rng.randint(2, 9), rng.randint(6, 18), rng.randint(6, 18)
    day = first + timedelta(days=7)
    while day <= last:
        # Most get a little better over the months; not all, not steadily.
        use = min(12, max(0, use + rng.choice([-1, -1, 0, 0, 1])))
        risk = min(24, max(0, risk + rng.choice([-1, 0, 0, 1])))
        protective = min(24, max(0, protective + rng.choice([-1, 0, 1, 1])))
        found.append(
            BamResult(
                member=member,
                version="generated",
                answers={},
                use=use,
                risk=risk,
                protective=protective,
                satisfaction=rng.randint(0, 4),
                started_at=_moment(day, 9, tz),
                completed_at=_moment(day, 10, tz),
                local_date=day,
                next_due_on=day + timedelta(days=14),
                evaluated_at=_moment(day, 10, tz),
            )
        )
        day += timedelta(days=14)
    return found


def _alerts(
    rng: random.Random, member: User, counselor: User, first: date, last: date, tz: Any
) -> list[Alert]:
    found: list[Alert] = []
    span = (last - first).days
    if span < 1:
        return found
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        opened = _moment(first + timedelta(days=rng.randrange(span)), rng.randint(7, 22), tz)
        stage = rng.choice([Stage.EMOTIONAL, Stage.EMOTIONAL, Stage.MENTAL, Stage.PHYSICAL])
        acknowledged = opened + timedelta(hours=rng.lognormvariate(1.0, 1.0))
        seen = rng.random() < 0.85 and acknowledged < timezone.now()
        found.append(
            Alert(
                member=member,
                stage=stage,
                # Resolved (the one unresolved alert per stage is not the bench's question).
                status=AlertStatus.RESOLVED,
                signals=[{"code": "generated", "explanation": "Generated"}],
                opened_at=opened,
                updated_at=opened,
                acknowledged_by=counselor if seen else None,
                acknowledged_at=acknowledged if seen else None,
                resolved_at=(acknowledged if seen else opened) + timedelta(days=1),
                resolved_by=counselor,
                notified_at=opened,
            )
        )
    return found


def _escalations(rng: random.Random, alerts: list[Alert], counselor: User) -> int:
    late = [a for a in alerts if a.acknowledged_at is None or rng.random() < 0.05]
    deliveries = Delivery.objects.bulk_create(
        (
            Delivery(
                purpose=Purpose.ALERT_ESCALATION,
                channel=Channel.EMAIL,
                to_user=counselor,
                address=counselor.email,
                text="generated",
                status="sent",
                created_at=a.opened_at + timedelta(hours=2),
                sent_at=a.opened_at + timedelta(hours=2),
            )
            for a in late
        ),
        batch_size=BATCH,
    )
    AlertNotice.objects.bulk_create(
        (
            AlertNotice(
                alert=a,
                kind=NoticeKind.ESCALATION,
                delivery=d,
                created_at=a.opened_at + timedelta(hours=2),
            )
            for a, d in zip(late, deliveries, strict=True)
        ),
        batch_size=BATCH,
    )
    return len(late)


def _alumni(
    rng: random.Random,
    program: Program,
    coordinator: User,
    members: list[User],
    start: date,
    today: date,
    tz: Any,
) -> dict[str, int]:
    group = AlumniGroup.objects.create(name="Generated alumni", program=program)
    group.coordinators.add(coordinator)
    alumni = [m for m in members if rng.random() < 0.35]
    GroupMembership.objects.bulk_create(
        (
            GroupMembership(
                group=group,
                member=m,
                joined_on=max(_day(m.date_joined), start) + timedelta(days=rng.randrange(60)),
            )
            for m in alumni
        ),
        batch_size=BATCH,
    )
    events = Event.objects.bulk_create(
        Event(
            title="Generated meeting",
            kind="meeting",
            group=group,
            starts_at=_moment(day, 18, tz),
            ends_at=_moment(day, 20, tz),
            created_by=coordinator,
        )
        for day in (start + timedelta(days=n) for n in range(0, (today - start).days, 7))
    )
    rsvps = [
        Rsvp(event=e, member=m, attended=rng.random() < 0.8 if e.starts_at.date() < today else None)
        for e in events
        for m in alumni
        if rng.random() < 0.15
    ]
    Rsvp.objects.bulk_create(rsvps, batch_size=BATCH)
    return {"alumni": len(alumni), "events": len(events), "RSVPs": len(rsvps)}


def _day(moment: datetime) -> date:
    return timezone.localdate(moment, timezone.get_default_timezone())
