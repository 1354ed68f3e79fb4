"""Program admins see that records exist, never what they say, not even by URL filters."""

from __future__ import annotations

import pytest

from checkins.models import CheckIn
from plans.versions import write_plan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, member):
    admin = UserFactory(
        role="coordinator", is_staff=True, is_superuser=True, program=member.program
    )
    client.force_login(admin)
    return client


def test_hidden_fields_cannot_be_searched_from_the_url(admin_client, member):
    write_plan(member, {"reasons": [{"text": "My sister Dana"}]}, author=member, finished=[])
    CheckIn.objects.create(
        member=member,
        local_date="2026-01-05",
        hungry=0,
        angry=0,
        lonely=0,
        tired=0,
        craving=9,
        mood=3,
        sleep_hours=7,
        medication="yes",
        support_contact=True,
        note="secret note",
    )
    for url in (
        "/admin/plans/plan/?content__icontains=Dana",
        "/admin/plans/planversion/?content__icontains=Dana",
        "/admin/checkins/checkin/?craving__gte=7",
        "/admin/checkins/checkin/?note__icontains=secret",
    ):
        response = admin_client.get(url)
        # A refused lookup is a bad request: no list, so no yes/no answer about content.
        assert response.status_code == 400, url


def test_reports_of_use_are_not_in_the_admin(admin_client):
    assert admin_client.get("/admin/checkins/usereport/").status_code == 404
    assert admin_client.get("/admin/plans/plan/").status_code == 200


def test_reminder_deliveries_show_operations_but_cannot_be_changed(admin_client, member):
    from datetime import UTC, date, datetime

    from tests.reminders.helpers import reminder_slot

    delivery = reminder_slot(
        member,
        local_date=date(2026, 1, 5),
        channel="sms",
        due_at=datetime(2026, 1, 6, 0, 0, tzinfo=UTC),
        status="failed",
        error="gateway answered 400",
    )
    listing = admin_client.get("/admin/reminders/reminderdelivery/?channel__exact=sms")
    assert listing.status_code == 200
    assert "gateway answered 400" in listing.content.decode()
    outbox = admin_client.get("/admin/messaging/delivery/?status__exact=failed")
    assert outbox.status_code == 200 and "gateway answered 400" in outbox.content.decode()
    for page in (
        f"/admin/reminders/reminderdelivery/{delivery.pk}/change/",
        f"/admin/messaging/delivery/{delivery.pk}/change/",
    ):
        admin_client.post(page, {"status": "sent"})
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert admin_client.get("/admin/alerts/alert/").status_code == 404
