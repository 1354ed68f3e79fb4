"""Small builders for the reminder tests: members with one schedule, UTC instants, rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from reminders.models import EVERY_DAY, ReminderDelivery, ReminderSchedule, ReminderSettings
from tests.factories import UserFactory

MINUTE = timedelta(minutes=1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def weekday_bits(*days: int) -> int:
    """Bit n is date.weekday() == n (Monday is 0)."""
    bits = 0
    for day in days:
        bits |= 1 << day
    return bits


SET_UP = datetime(2025, 1, 1, tzinfo=UTC)


def member_with_reminder(
    tz: str = "America/New_York",
    at: time = time(19, 0),
    *,
    weekdays: int = EVERY_DAY,
    by_email: bool = True,
    by_sms: bool = False,
    in_app: bool = False,
    phone: str = "",
    **user_fields: object,
) -> tuple[object, ReminderSchedule]:
    """A member whose only reminder is `at` local time; the default one is reused."""
    member = UserFactory(timezone=tz, phone=phone, **user_fields)
    schedule = ReminderSchedule.objects.get(member=member)
    schedule.local_time = at
    schedule.weekdays = weekdays
    schedule.by_email = by_email
    schedule.by_sms = by_sms
    schedule.in_app = in_app
    schedule.save()
    # Set up long before the days the tests dispatch (a newer schedule skips older slots).
    ReminderSchedule.objects.filter(pk=schedule.pk).update(updated_at=SET_UP)
    schedule.updated_at = SET_UP
    return member, schedule


def set_reminder_settings(member: object, **fields: object) -> ReminderSettings:
    settings, _created = ReminderSettings.objects.update_or_create(member=member, defaults=fields)
    return settings


def slots(**filters: object) -> list[tuple[date, str, datetime, str]]:
    """(local_date, channel, due_at, status) of the recorded deliveries, oldest first."""
    return list(
        ReminderDelivery.objects.filter(**filters)
        .order_by("due_at", "channel")
        .values_list("local_date", "channel", "due_at", "status")
    )


def save_at(schedule: ReminderSchedule, at: datetime) -> None:
    """Save an edited schedule as if the member saved it at `at`."""
    import time_machine

    with time_machine.travel(at, tick=False):
        schedule.save()
