"""Demo check-ins for seed_demo: 60 days for Alex with a rough week and one lapse, others varied."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import User
from checkins.models import CheckIn, Medication, UseKind, UseReport
from checkins.progress import local_date
from plans.models import Plan

LAPSE_DAYS_AGO = 10


def _saved_on(day, tz: str) -> datetime:
    """A demo check-in saved that evening (never later than now): its record says when."""
    return min(datetime.combine(day, time(20, 0), ZoneInfo(tz)), timezone.now())


def _day(
    rng: random.Random, day, tz: str, *, rough: float = 0.0, used: bool = False, signs=()
) -> dict:
    """One plausible day; `rough` from 0 (steady) to 1 (hardest) raises HALT and craving."""

    def halt() -> int:
        return min(3, max(0, round(rng.gauss(0.5 + 2 * rough, 0.6))))

    return {
        "local_date": day,
        "hungry": halt(),
        "angry": halt(),
        "lonely": halt(),
        "tired": halt(),
        "craving": min(10, max(0, round(rng.gauss(2 + 7 * rough, 1.2)))),
        "mood": min(5, max(1, round(rng.gauss(4 - 2.5 * rough, 0.6)))),
        "sleep_hours": Decimal(str(round(max(3.0, rng.gauss(7.5 - 3 * rough, 0.7)) * 2) / 2)),
        "medication": Medication.NO if rough > 0.7 and rng.random() < 0.5 else Medication.YES,
        "support_contact": rng.random() > 0.2 + 0.6 * rough,
        "used_today": used,
        "noticed_signs": list(signs),
        "created_at": _saved_on(day, tz),
        "updated_at": _saved_on(day, tz),
    }


# Alex came to Waypoint after 90 days of residential treatment: their days count from then.
ALEX_BEGAN_DAYS_AGO = 240


def _seed_alex(alex: User) -> None:
    rng = random.Random(7)
    today = local_date(alex.timezone)
    alex.recovery_began_on = today - timedelta(days=ALEX_BEGAN_DAYS_AGO)
    alex.save(update_fields=["recovery_began_on"])
    plan = Plan.objects.filter(member=alex).first()
    signs = plan.items("warning_signs") if plan else []
    rows = []
    for ago in range(59, 0, -1):  # today is left for the demo check-in
        day = today - timedelta(days=ago)
        # The rough stretch builds over the week before the lapse, then eases.
        rough = (
            max(0.0, 1 - abs(ago - LAPSE_DAYS_AGO - 2) / 5) if ago >= LAPSE_DAYS_AGO - 2 else 0.1
        )
        noticed = (
            [{"id": s["id"], "text": s["text"], "stage": s["stage"]} for s in signs[:2]]
            if rough > 0.6
            else []
        )
        rows.append(
            CheckIn(
                member=alex,
                **_day(
                    rng,
                    day,
                    alex.timezone,
                    rough=rough,
                    used=ago == LAPSE_DAYS_AGO,
                    signs=noticed,
                ),
            )
        )
    CheckIn.objects.bulk_create(rows)
    lapse_day = today - timedelta(days=LAPSE_DAYS_AGO)
    UseReport.objects.create(
        member=alex,
        occurred_at=datetime.combine(lapse_day, time(22, 30), ZoneInfo(alex.timezone)),
        local_date=lapse_day,
        kind=UseKind.LAPSE,
        notes="Friday after payday. Told Marcus the next morning.",
        before="A long week of double shifts, barely sleeping, skipped Thursday group.",
        halt_then={"hungry": 2, "angry": 1, "lonely": 3, "tired": 3},
        trigger="Payday cash and driving past Ridge Street",
        dropped_routine="Thursday group and my sleep",
        will_change="Deposit pay on the way home and call Marcus on Fridays",
        reflected_at=datetime.combine(
            lapse_day + timedelta(days=3), time(19, 0), ZoneInfo(alex.timezone)
        ),
    )


def seed_checkins(people: dict[str, User]) -> None:
    alex = people["alex@example.org"]
    if not CheckIn.objects.filter(member=alex).exists():
        _seed_alex(alex)
    # Sam checks in most days; Riley stopped three weeks ago; Morgan hasn't started.
    for email, days, stopped, seed in (
        ("sam@example.org", 30, 0, 11),
        ("riley@example.org", 20, 20, 12),
    ):
        member = people[email]
        if CheckIn.objects.filter(member=member).exists():
            continue
        rng = random.Random(seed)
        today = local_date(member.timezone)
        CheckIn.objects.bulk_create(
            CheckIn(
                member=member, **_day(rng, today - timedelta(days=ago), member.timezone, rough=0.25)
            )
            for ago in range(days + stopped - 1, stopped - 1, -1)
            if rng.random() < 0.85
        )
