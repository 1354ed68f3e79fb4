"""Demo data for trying Waypoint on one machine. Idempotent; refused when DEBUG is off."""

from __future__ import annotations

from base64 import b32encode
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.consent import Terms, sign
from accounts.models import CareAssignment, Consent, ExpiryEvent, Program, Role, User
from accounts.second_factor import APP_DEVICE, requires_second_factor
from alerts.demo import seed_alerts
from alumni.demo import seed_network
from checkins.demo import seed_checkins
from contacts.demo import seed_contacts
from measures.demo import seed_bam
from plans.demo import seed_plans
from reminders.demo import seed_reminders
from stepping_up.demo import seed_care_requests

DEMO_PASSWORD = "waypoint-demo"  # noqa: S105 (documented in the README; DEBUG only)
# Demo staff sign in with a second factor like real staff. Their authenticator shares this
# published key (add it to any authenticator app), or `manage.py demo_code` prints the code.
DEMO_TOTP_KEY = b"waypoint-demo-totp!!"  # 20 bytes, as RFC 6238 recommends

PROGRAM_NAME = "Harbor Light Recovery Alumni"

# email, display name, role, time zone, program admin?
PEOPLE = [
    ("alex@example.org", "Alex", Role.MEMBER, "America/New_York", False),
    ("casey@example.org", "Casey Rivera", Role.COUNSELOR, "America/New_York", False),
    ("jordan@example.org", "Jordan Lee", Role.COORDINATOR, "America/Chicago", False),
    ("admin@example.org", "Program Admin", Role.COORDINATOR, "America/New_York", True),
    ("sam@example.org", "Sam", Role.MEMBER, "America/Los_Angeles", False),
    ("riley@example.org", "Riley", Role.MEMBER, "America/Denver", False),
    ("morgan@example.org", "Morgan", Role.MEMBER, "America/New_York", False),
    ("taylor@example.org", "Taylor", Role.MEMBER, "America/New_York", False),
    ("lucia@example.org", "Lucía", Role.MEMBER, "America/Chicago", False),
]
# Who reads Waypoint in Spanish (everyone else: the browser's language until they choose).
LANGUAGES = {"lucia@example.org": "es"}

# What the demo program admin may manage in /admin/ (its read-only pages stay read-only).
ADMIN_APPS = ("accounts", "plans", "checkins", "measures", "reminders", "messaging", "alumni")

# member, counselor, scopes, purpose, days until it ends (None: when Casey no longer works
# with them in the program)
CONSENTS = [
    (
        "alex@example.org",
        "casey@example.org",
        ("plan", "checkins", "alerts"),
        "So my counselor can review my plan and follow my check-ins with me.",
        365,
    ),
    ("sam@example.org", "casey@example.org", ("plan",), "Plan review with my counselor.", None),
]


class Command(BaseCommand):
    help = "Load demo accounts and data (DEBUG only). Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it creates known passwords.")
        with transaction.atomic():
            people = self.seed_people()
            self.seed_care(people)
            seed_plans(people)
            seed_checkins(people)
            seed_bam(people)
            seed_contacts(people)
            seed_network(people)
            seed_alerts(people)
            seed_reminders(people)
            seed_care_requests(people)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Every demo account's password: {DEMO_PASSWORD}")
        )
        self.stdout.write(
            "Demo staff (casey, jordan, admin) also give a code: add the key "
            f"{b32encode(DEMO_TOTP_KEY).decode()} to an authenticator app, or run "
            "`manage.py demo_code casey@example.org`."
        )

    def seed_people(self) -> dict[str, User]:
        program, _ = Program.objects.get_or_create(name=PROGRAM_NAME)
        people = {}
        for email, name, role, tz, staff in PEOPLE:
            fields = {
                "display_name": name,
                "role": role,
                "timezone": tz,
                "program": program,
                "is_staff": staff,
                # Superuser is for operators at the command line; the program admin has
                # the admin's permissions instead (below).
                "is_superuser": False,
                "is_active": True,
                "language": LANGUAGES.get(email, ""),
            }
            user, _ = User.objects.update_or_create(
                email=email,
                defaults=fields,
                # Demo people finished treatment months ago (drift and sober days need a past).
                create_defaults={**fields, "date_joined": timezone.now() - timedelta(days=150)},
            )
            if not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if staff:
                user.user_permissions.set(
                    Permission.objects.filter(content_type__app_label__in=ADMIN_APPS)
                )
            if requires_second_factor(user):
                TOTPDevice.objects.update_or_create(
                    user=user,
                    name=APP_DEVICE,
                    defaults={"key": DEMO_TOTP_KEY.hex(), "confirmed": True},
                )
            people[email] = user
        return people

    def seed_care(self, people: dict[str, User]) -> None:
        casey = people["casey@example.org"]
        # Casey is also on call: escalated alerts of the program reach someone in the demo;
        # and takes urgent alerts by text at any hour (printed by the worker in make run).
        User.objects.filter(pk=casey.pk).update(on_call=True, urgent_phone="+12025550188")
        for member in (
            "alex@example.org",
            "sam@example.org",
            "riley@example.org",
            "lucia@example.org",
        ):
            CareAssignment.objects.get_or_create(
                counselor=casey, member=people[member], ended_on=None
            )
        today = timezone.localdate()
        for member, recipient, scopes, purpose, days in CONSENTS:
            # Someone trying the demo may have stopped and restarted sharing any number of
            # times, or narrowed what they share: whatever they did, the demo member shares
            # everything the demo shows again.
            shares = Consent.objects.active().filter(
                member=people[member], recipient=people[recipient]
            )
            if all(shares.covering(scope).exists() for scope in scopes):
                continue
            terms = Terms(
                member=people[member],
                recipient=people[recipient],
                scopes=scopes,
                purpose=purpose,
                expires_on=today + timedelta(days=days) if days else None,
                expiry_event="" if days else ExpiryEvent.WORKS_WITH_ME,
                signed_on=today,
            )
            sign(terms, people[member].display_name)
