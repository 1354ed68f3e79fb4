"""Seed the fault run's template database: a small program, signed in.

    DATABASE_URL=... python bench/faults/seed.py SESSIONS.json

Members m0..m299 each have their own counselor (c0..c299, so every alert email names exactly
one alert), a consent that shares alerts and check-ins with them, and yesterday's check-in
with a craving of 9 (already evaluated): a second high craving today opens an alert.
Members r0..r99 have one reminder by email (the scenario sets its time) and never check in.
Every member gets a signed-in session; their keys are written to SESSIONS.json, so the load
needs no sign-in (which is deliberately slow).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import time, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_site.settings")

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import CareAssignment, Consent, Program, Role, User
from bench.faults.people import (
    MEMBERS,
    REMINDED,
    ZONE,
    counselor_email,
    member_email,
    reminded_email,
)
from checkins.models import CheckIn
from checkins.progress import local_date
from reminders.models import EVERY_DAY, ReminderSchedule


def _session(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(60 * 60 * 12)
    store.create()
    assert store.session_key is not None
    return store.session_key


@transaction.atomic
def seed() -> dict[str, str]:
    program, _ = Program.objects.get_or_create(name="Fault bench program")
    password = make_password("faults-bench-password")  # one hash for all: hashing is slow
    members = User.objects.bulk_create(
        User(
            email=member_email(i),
            display_name=f"M{i}",
            timezone=ZONE,
            program=program,
            role=Role.MEMBER,
            password=password,
        )
        for i in range(MEMBERS)
    )
    counselors = User.objects.bulk_create(
        User(
            email=counselor_email(i),
            display_name=f"C{i}",
            timezone=ZONE,
            program=program,
            role=Role.COUNSELOR,
            password=password,
        )
        for i in range(MEMBERS)
    )
    reminded = User.objects.bulk_create(
        User(
            email=reminded_email(i),
            display_name=f"R{i}",
            timezone=ZONE,
            program=program,
            role=Role.MEMBER,
            password=password,
        )
        for i in range(REMINDED)
    )
    now = timezone.now()
    CareAssignment.objects.bulk_create(
        CareAssignment(counselor=c, member=m) for m, c in zip(members, counselors, strict=True)
    )
    Consent.objects.bulk_create(
        Consent(
            member=m,
            recipient=c,
            scope_plan=True,
            scope_checkins=True,
            scope_alerts=True,
            purpose="bench",
            signature=m.display_name,
            discloser="bench",
            recipient_name=c.display_name,
            granted_at=now - timedelta(days=30),
            expires_at=now + timedelta(days=365),
            text="bench",
        )
        for m, c in zip(members, counselors, strict=True)
    )
    yesterday = local_date(ZONE) - timedelta(days=1)
    CheckIn.objects.bulk_create(
        CheckIn(
            member=m,
            local_date=yesterday,
            hungry=0,
            angry=0,
            lonely=0,
            tired=0,
            craving=9,
            mood=4,
            sleep_hours=Decimal(7),
            medication="yes",
            support_contact=True,
            created_at=now - timedelta(days=1),
            updated_at=now - timedelta(days=1),
            evaluated_at=now - timedelta(days=1),
        )
        for m in members
    )
    ReminderSchedule.objects.bulk_create(
        ReminderSchedule(
            member=r,
            local_time=time(0, 0),
            weekdays=EVERY_DAY,
            by_email=True,
            by_sms=False,
            in_app=False,
        )
        for r in reminded
    )
    # Set up long ago: a slot due today is never "changed after it passed".
    ReminderSchedule.objects.update(
        created_at=now - timedelta(days=30), updated_at=now - timedelta(days=30)
    )
    return {m.email: _session(m) for m in members}


def main() -> None:
    call_command("migrate", verbosity=0)
    sessions = seed()
    Path(sys.argv[1]).write_text(json.dumps(sessions))
    print(f"seeded {len(sessions)} signed-in members, {REMINDED} with reminders")


if __name__ == "__main__":
    main()
