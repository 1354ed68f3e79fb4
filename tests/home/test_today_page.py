"""The start page carries the in-app reminder and says when a reminder could not reach them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from checkins.progress import local_date
from messaging.models import Delivery
from tests.factories import CheckInFactory
from tests.reminders.helpers import reminder_slot

pytestmark = pytest.mark.django_db

BANNER = "It's check-in time."


def _delivery(member, channel, status):
    return reminder_slot(
        member,
        local_date=local_date(member.timezone),
        channel=channel,
        due_at=timezone.now(),
        status=status,
    )


def test_the_in_app_reminder_shows_until_the_member_checks_in(client, member):
    client.force_login(member)
    assert BANNER not in client.get("/today/").content.decode()

    _delivery(member, "app", "sent")
    assert BANNER in client.get("/today/").content.decode()

    CheckInFactory(member=member, local_date=local_date(member.timezone))
    assert BANNER not in client.get("/today/").content.decode()


def test_a_reminder_that_could_not_reach_them_is_named_without_details(client, member):
    failed = _delivery(member, "sms", "failed")
    Delivery.objects.filter(pk=failed.pk).update(error="gateway answered 400")
    client.force_login(member)

    page = client.get("/today/").content.decode()

    assert "We couldn't reach you by text message on" in page
    assert "gateway" not in page
