"""The reminder tasks (reminders.tasks): the minute tick with its mark, the sweep that hands
stranded rows over again, and the nightly purge that keeps 90 days of history."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from messaging import outbox
from messaging.models import Delivery, DeliveryStatus
from messaging.tasks import send_deliveries, sweep_outbox
from reminders import dispatch as reminders
from reminders import tasks
from reminders.models import (
    ReminderDelivery,
    TickMark,
)
from reminders.tasks import purge_reminder_history
from tests.reminders.helpers import (
    EMAIL,
    GRACE,
    LATE,
    MAX_ATTEMPTS,
    MINUTE,
    MONDAY,
    NY,
    NY_SEVEN_PM,
    PENDING,
    PHONE,
    SENT,
    TEXT,
    UnreachableSms,
    member_with_reminder,
    reminder_slot,
    slots,
    utc,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_transports")]


def test_deliveries_older_than_90_days_are_purged(member, other_member):
    now = timezone.now()
    for days in (91, 95, 89, 1):
        reminder_slot(
            member,
            local_date=(now - timedelta(days=days)).date(),
            channel="email",
            due_at=now - timedelta(days=days),
            status="sent",
        )
    # Other messages in the outbox are not reminder history.
    Delivery.objects.create(
        purpose="alert_counselor", channel="email", created_at=now - timedelta(days=200)
    )

    assert purge_reminder_history() == 2
    kept = sorted((now - d).days for d in ReminderDelivery.objects.values_list("due_at", flat=True))
    assert kept == [1, 89]
    assert Delivery.objects.filter(purpose="reminder").count() == 2
    assert Delivery.objects.filter(purpose="alert_counselor").count() == 1


def tick_at(now):
    with time_machine.travel(now, tick=False):
        return tasks.dispatch_reminders()


def sweep_at(now):
    with time_machine.travel(now, tick=False):
        return sweep_outbox()


def test_the_first_tick_covers_the_last_minute_and_sets_the_mark():
    member_with_reminder(NY)
    now = NY_SEVEN_PM + timedelta(seconds=20)
    assert not TickMark.objects.exists()
    assert tick_at(now) == 1
    assert [m.body for m in mail.outbox] == [TEXT]
    assert TickMark.objects.get(name=tasks.REMINDER_TICK).at == now
    assert slots() == [(MONDAY, EMAIL, NY_SEVEN_PM, SENT)]
    # The next minute's tick finds nothing new.
    assert tick_at(now + MINUTE) == 0
    assert len(mail.outbox) == 1


def test_a_tick_after_a_gap_covers_the_gap_from_the_mark():
    member_with_reminder(NY)
    TickMark.objects.create(name=tasks.REMINDER_TICK, at=utc(2026, 6, 15, 22, 0))
    now = NY_SEVEN_PM + timedelta(minutes=30)
    assert tick_at(now) == 1
    assert len(mail.outbox) == 1
    assert TickMark.objects.get().at == now


def test_a_mark_ahead_of_the_clock_is_not_moved_back():
    member_with_reminder(NY)
    ahead = NY_SEVEN_PM + timedelta(minutes=5)
    TickMark.objects.create(name=tasks.REMINDER_TICK, at=ahead)
    assert tick_at(NY_SEVEN_PM + timedelta(seconds=20)) == 0
    assert TickMark.objects.get().at == ahead
    assert not ReminderDelivery.objects.exists()


def test_rows_the_broker_could_not_take_are_handed_over_again_after_they_settle():
    member_with_reminder(NY)
    first = NY_SEVEN_PM + timedelta(seconds=20)
    with mock.patch.object(send_deliveries, "delay", side_effect=OSError("broker down")):
        tick_at(first)
        assert slots() == [(MONDAY, EMAIL, NY_SEVEN_PM, PENDING)]
        assert tick_at(first + MINUTE) == 0
        # too fresh: a send may still be on its way
        assert sweep_at(first + outbox.SETTLE - timedelta(seconds=1)) == 0
    assert mail.outbox == []
    assert sweep_at(first + outbox.SETTLE) == 1
    assert [m.body for m in mail.outbox] == [TEXT]
    assert slots() == [(MONDAY, EMAIL, NY_SEVEN_PM, SENT)]
    assert tick_at(first + 4 * MINUTE) == sweep_at(first + 4 * MINUTE) == 0
    assert len(mail.outbox) == 1


def test_stranded_rows_past_the_grace_window_are_marked_late():
    member_with_reminder(NY)
    first = NY_SEVEN_PM + timedelta(seconds=20)
    with mock.patch.object(send_deliveries, "delay", side_effect=OSError("broker down")):
        tick_at(first)
    assert tick_at(NY_SEVEN_PM + GRACE + timedelta(minutes=5)) == 0
    assert slots() == [(MONDAY, EMAIL, NY_SEVEN_PM, LATE)]
    assert mail.outbox == []


def test_ticks_and_sweeps_leave_a_row_waiting_for_its_retry_alone(settings):
    settings.WAYPOINT_SMS_BACKEND = "tests.reminders.helpers.UnreachableSms"
    member_with_reminder(NY, by_email=False, by_sms=True, phone=PHONE)
    first = NY_SEVEN_PM + timedelta(seconds=20)
    for minute in range(25):
        now = first + minute * MINUTE
        tick_at(now)
        sweep_at(now)
    assert UnreachableSms.tried_at == [first + m * MINUTE for m in (0, 1, 3, 7, 15)]
    row = ReminderDelivery.objects.get()
    assert (row.status, row.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)


def test_a_row_left_sending_by_a_dead_worker_may_not_have_been_sent_and_is_never_resent():
    member, _s = member_with_reminder(NY)
    other, _s = member_with_reminder(NY)
    ids = reminders.dispatch(utc(2026, 6, 15, 22, 59), NY_SEVEN_PM).to_send
    [delivery_id] = [i for i in ids if Delivery.objects.get(pk=i).to_user == member]
    Delivery.objects.filter(pk=delivery_id).update(
        status="sending", attempts=1, claimed_at=NY_SEVEN_PM
    )

    # The other member's reminder was never handed over (the broker was down): it goes.
    assert sweep_at(NY_SEVEN_PM + outbox.LEASE) == 1
    assert ReminderDelivery.objects.get(pk=delivery_id).status == "sending"
    assert [m.to for m in mail.outbox] == [[other.email]]

    assert sweep_at(NY_SEVEN_PM + outbox.LEASE + MINUTE) == 0
    closed = ReminderDelivery.objects.get(pk=delivery_id)
    assert (closed.status, closed.error) == ("unknown", "interrupted while sending")
    assert sweep_at(NY_SEVEN_PM + timedelta(hours=1)) == 0
    assert [m.to for m in mail.outbox] == [[other.email]]  # the dead worker's: never again
