"""What a member is told about their own reminders (reminders/status.py)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone

from messaging.models import Delivery
from reminders.status import recent_problems
from tests.reminders.helpers import reminder_slot

pytestmark = pytest.mark.django_db


def _failed(member, channel: str, days_ago: int, *, permanent: bool):
    day = timezone.localdate() - timedelta(days=days_ago)
    slot = reminder_slot(
        member,
        channel=channel,
        status="failed",
        local_date=day,
        due_at=datetime.combine(day, time(19), tzinfo=UTC),
        error="gateway answered 400" if permanent else "mail server: ConnectionRefusedError",
    )
    Delivery.objects.filter(pk=slot.delivery_id).update(permanent=permanent)
    return day


def test_only_a_failure_the_member_can_fix_is_named(member):
    wrong_number = _failed(member, "sms", 2, permanent=True)
    # Our mail server was down and the retries ran out: theirs to wait for, not to fix.
    _failed(member, "email", 1, permanent=False)

    assert [(p.channel, p.day) for p in recent_problems(member)] == [("sms", wrong_number)]
