"""Reminder history is kept for 90 days, then dropped by the nightly purge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from messaging.models import Delivery
from reminders.models import ReminderDelivery
from reminders.tasks import purge_reminder_history
from tests.reminders.helpers import reminder_slot

pytestmark = pytest.mark.django_db


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
