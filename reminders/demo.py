"""Demo reminders: everyone's evening default, and one for Morgan due just after start."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from accounts.models import User
from messaging.models import Delivery
from reminders.defaults import create_default_reminder
from reminders.models import ReminderSchedule, ReminderSettings

DEMO_REMINDER_MEMBER = "morgan@example.org"
DEMO_REMINDER_LEAD = timedelta(minutes=2)


def seed_reminders(people: dict[str, User]) -> None:
    """Morgan's reminder is set a couple of minutes ahead each time, so `make run` shows one.

    Everyone else gets the default evening reminder a member gets on joining. Today's slot
    of the demo reminder is cleared so that a second `make run` on the same day shows it.
    """
    for person in people.values():
        if not ReminderSchedule.objects.filter(member=person).exists():
            create_default_reminder(person)
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
    Delivery.objects.filter(
        reminder_slot__schedule=schedule, reminder_slot__local_date=soon.date()
    ).delete()
