"""Demo contacts and alumni network for seed_demo."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from contacts.models import SupportContact

ALEX_CONTACTS = [
    (
        "Marcus",
        "sponsor",
        "+12025550143",
        "",
        "call",
        "Any time, really",
        True,
        "Alex could use a call from you today.",
    ),
    (
        "Dana",
        "family",
        "+12025550178",
        "dana@example.org",
        "sms",
        "After 6 pm",
        True,
        "Alex would love to hear from you today.",
    ),
    ("Luis", "peer", "+12025550112", "", "sms", "Weekends", False, ""),
]


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, 0), ZoneInfo(settings.TIME_ZONE))


def seed_contacts(people: dict[str, User]) -> None:
    alex = people["alex@example.org"]
    if not SupportContact.objects.filter(member=alex).exists():
        SupportContact.objects.bulk_create(
            SupportContact(
                member=alex,
                name=name,
                relationship=rel,
                phone=phone,
                email=email,
                preferred_channel=channel,
                best_times=times,
                may_be_told=told,
                # The demo shows both: the first who agreed is messaged automatically.
                auto_alerts=told and position == 0,
                approved_message=message,
                position=position,
            )
            for position, (name, rel, phone, email, channel, times, told, message) in enumerate(
                ALEX_CONTACTS
            )
        )
