"""Today's check-in is the one of the day it is where the member lives: one rule for Today,
the check-in response and the in-app reminder."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from checkins.models import CheckIn
from tests.factories import CheckInFactory, UserFactory

pytestmark = pytest.mark.django_db

# 03:30 UTC on June 2 is still the evening of June 1 in Los Angeles, already June 2 in Berlin.
MOMENT = datetime(2026, 6, 2, 3, 30, tzinfo=ZoneInfo("UTC"))


@pytest.mark.parametrize(
    ("zone", "checked_in_on", "today"),
    [
        ("America/Los_Angeles", date(2026, 6, 1), True),
        ("America/Los_Angeles", date(2026, 6, 2), False),
        ("Europe/Berlin", date(2026, 6, 2), True),
        ("Europe/Berlin", date(2026, 6, 1), False),
    ],
)
def test_today_is_the_members_own_day(client, zone, checked_in_on, today):
    member = UserFactory(timezone=zone)
    CheckInFactory(member=member, local_date=checked_in_on)
    other = UserFactory(timezone=zone)
    CheckInFactory(member=other, local_date=date(2026, 6, 1))
    CheckInFactory(member=other, local_date=date(2026, 6, 2))
    with time_machine.travel(MOMENT, tick=False):
        assert CheckIn.objects.today_of(member).exists() is today
        assert list(CheckIn.objects.on(member, checked_in_on).values_list("member", flat=True)) == [
            member.pk
        ]
        client.force_login(member)
        response = client.get("/checkin/response/")
    # The response page shows today's check-in, or sends the member to make one.
    assert (response.status_code == 200) is today
    if today:
        assert response.context["checkin"].local_date == checked_in_on
    else:
        assert response.url == "/checkin/"
