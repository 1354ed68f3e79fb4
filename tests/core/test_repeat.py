"""Repeat windows: each is defined once, and a send inside it holds back the next one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from checkins.models import CheckIn
from core.repeat import CARE_TEAM_REPEAT, INVITE_BACK_REPEAT, SUPPORTER_REPEAT
from tests.factories import CheckInFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.mark.parametrize(
    ("window", "length"),
    [
        (CARE_TEAM_REPEAT, timedelta(hours=12)),
        (SUPPORTER_REPEAT, timedelta(hours=24)),
        (INVITE_BACK_REPEAT, timedelta(days=7)),
    ],
)
def test_a_row_inside_the_window_holds_back_and_one_outside_does_not(window, length):
    # Any row with a time will do; check-ins have created_at like the outbox rows.
    inside = CheckInFactory(member=UserFactory(), created_at=NOW - length + timedelta(minutes=1))
    outside = CheckInFactory(member=UserFactory(), created_at=NOW - length - timedelta(minutes=1))
    found = set(CheckIn.objects.filter(window.recent(now=NOW)).values_list("pk", flat=True))
    assert inside.pk in found and outside.pk not in found
    assert window.length == length
