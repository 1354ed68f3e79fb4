"""Small builders for the reminder tests: members with one schedule, UTC instants, rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from messaging import outbox
from messaging.models import Channel, Delivery, DeliveryStatus, Purpose
from messaging.transports import TransportError
from reminders.models import (
    EVERY_DAY,
    ReminderDelivery,
    ReminderSchedule,
    ReminderSettings,
    SkipReason,
)
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


GRACE = timedelta(hours=2)
NY = "America/New_York"
LA = "America/Los_Angeles"
PHONE = "+15555550123"
TEXT = "Time for your Waypoint check-in: http://testserver/checkin/"
PENDING, SENT, LATE = DeliveryStatus.PENDING, DeliveryStatus.SENT, SkipReason.LATE
EMAIL, SMS, APP = Channel.EMAIL, Channel.SMS, Channel.APP
MAX_ATTEMPTS = outbox.POLICY[Purpose.REMINDER].attempts

# 2026-06-15 is a Monday; New York is on EDT (UTC-4), so 19:00 there is 23:00 UTC.
MONDAY = date(2026, 6, 15)
NY_SEVEN_PM = utc(2026, 6, 15, 23, 0)


# --- Test transports ----------------------------------------------------------------------


class RecordingSms:
    """An SMS gateway that accepts everything and remembers it."""

    sent: list[tuple[str, str]] = []

    def send(self, to: str, text: str, key: str) -> str:
        RecordingSms.sent.append((to, text))
        return f"sms-{len(RecordingSms.sent)}"


class RejectingSms:
    """A gateway that will never take this number (it answers 4xx)."""

    calls = 0

    def send(self, to: str, text: str, key: str) -> str:
        RejectingSms.calls += 1
        raise TransportError("gateway answered 400", permanent=True)


class UnreachableSms:
    """A gateway that is down for now (it answers 5xx); remembers when it was tried."""

    calls = 0
    tried_at: list = []

    def send(self, to: str, text: str, key: str) -> str:
        UnreachableSms.calls += 1
        UnreachableSms.tried_at.append(timezone.now())
        raise TransportError("gateway answered 503", permanent=False)


class DownMailBackend(EmailBackend):
    """A mail server that refuses the connection."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


SET_UP = datetime(2025, 1, 1, tzinfo=UTC)


def member_with_reminder(
    tz: str = "America/New_York",
    at: time = time(19, 0),
    *,
    weekdays: int = EVERY_DAY,
    by_email: bool = True,
    by_sms: bool = False,
    in_app: bool = False,
    by_push: bool = False,
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
    schedule.by_push = by_push
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
    rows = ReminderDelivery.objects.filter(**filters).select_related("delivery")
    return [
        (row.local_date, row.channel, row.due_at, row.status)
        for row in rows.order_by("due_at", "channel")
    ]


def save_at(schedule: ReminderSchedule, at: datetime) -> None:
    """Save an edited schedule as if the member saved it at `at`."""
    import time_machine

    with time_machine.travel(at, tick=False):
        schedule.save()


SKIPS = {"late", "quiet", "checked_in", "paused"}


def reminder_slot(
    member: object,
    *,
    channel: str,
    status: str,
    local_date: date,
    due_at: datetime,
    schedule: ReminderSchedule | None = None,
    error: str = "",
    created_at: datetime | None = None,
) -> ReminderDelivery:
    """A recorded reminder slot and its outbox delivery, as dispatch and send leave them."""
    created = created_at or due_at
    delivery = Delivery.objects.create(
        purpose=Purpose.REMINDER,
        channel=channel,
        status="skipped" if status in SKIPS else status,
        to_user=member,
        error=error,
        permanent=status == "failed",
        created_at=created,
        next_attempt_at=created,
        sent_at=due_at if status == "sent" else None,
    )
    return ReminderDelivery.objects.create(
        delivery=delivery,
        schedule=schedule or ReminderSchedule.objects.filter(member=member).first(),
        member=member,
        local_date=local_date,
        channel=channel,
        due_at=due_at,
        skip=status if status in SKIPS else "",
        created_at=created,
    )
