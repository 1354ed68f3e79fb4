"""Reminder history is kept for 90 days, then dropped by the nightly purge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reminders.models import ReminderDelivery
from reminders.tasks import purge_reminder_history

pytestmark = pytest.mark.django_db


def test_deliveries_older_than_90_days_are_purged(member):
    schedule = member.reminder_schedules.get()
    now = timezone.now()
    for days in (91, 95, 89, 1):
        ReminderDelivery.objects.create(
            schedule=schedule,
            member=member,
            local_date=(now - timedelta(days=days)).date(),
            channel="email",
            due_at=now - timedelta(days=days),
            status="sent",
        )

    assert purge_reminder_history() == 2
    kept = sorted((now - d).days for d in ReminderDelivery.objects.values_list("due_at", flat=True))
    assert kept == [1, 89]
