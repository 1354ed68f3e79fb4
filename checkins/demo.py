"""Demo check-ins for seed_demo: 60 days for Alex with a rough week and one lapse, others varied."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from accounts.models import User
from plans.models import Plan

from .models import Alert, CheckIn, Medication, UseKind, UseReport
from .progress import local_date

LAPSE_DAYS_AGO = 10


def _day(rng: random.Random, day, *, rough: float = 0.0, used: bool = False, signs=()) -> dict:
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
    }


def _seed_alex(alex: User) -> None:
    rng = random.Random(7)
    today = local_date(alex.timezone)
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
                **_day(rng, day, rough=rough, used=ago == LAPSE_DAYS_AGO, signs=noticed),
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
            CheckIn(member=member, **_day(rng, today - timedelta(days=ago), rough=0.25))
            for ago in range(days + stopped - 1, stopped - 1, -1)
            if rng.random() < 0.85
        )


def seed_alerts(people: dict[str, User]) -> None:
    """Run the warning-stage rules over the demo histories, as the worker would have.

    Sam's last two check-ins carry strong cravings (an open mental-stage alert); Alex's
    lapse opened a physical-stage alert that Casey has acknowledged.
    """
    from .alerts import acknowledge, evaluate_many

    if Alert.objects.exists():
        return
    sam = people["sam@example.org"]
    recent = CheckIn.objects.filter(member=sam).order_by("-local_date")[:2]
    CheckIn.objects.filter(pk__in=[c.pk for c in recent]).update(craving=8)
    # The care team hears as it would have; supporters are left for the member to try
    # "I'm struggling" with (a demo run should not spend their daily message).
    evaluate_many([m for m in people.values() if m.role == "member"], tell_supporters=False)
    physical = Alert.objects.filter(member=people["alex@example.org"], stage="physical").first()
    if physical:
        acknowledge(
            physical.pk,
            people["casey@example.org"],
            "Talked the next morning; seeing Alex Thursday.",
        )


DEMO_REMINDER_MEMBER = "morgan@example.org"
DEMO_REMINDER_LEAD = timedelta(minutes=2)


def seed_reminders(people: dict[str, User]) -> None:
    """Morgan's reminder is set a couple of minutes ahead each time, so `make run` shows one.

    Everyone else keeps the default evening reminder they got on joining. Today's slot of
    the demo reminder is cleared so that a second `make run` on the same day shows it again.
    """
    from .models import ReminderDelivery, ReminderSchedule, ReminderSettings

    morgan = people[DEMO_REMINDER_MEMBER]
    ReminderSettings.objects.get_or_create(member=morgan)
    soon = (datetime.now(ZoneInfo(morgan.timezone)) + DEMO_REMINDER_LEAD).replace(
        second=0, microsecond=0
    )
    schedule = ReminderSchedule.objects.filter(member=morgan).order_by("pk").first()
    if schedule is None:
        schedule = ReminderSchedule(member=morgan)
    schedule.local_time = soon.time()
    schedule.by_email = schedule.in_app = True
    schedule.save()
    ReminderDelivery.objects.filter(schedule=schedule, local_date=soon.date()).delete()
