"""Program admins see the alumni network, and contacts and deliveries only in outline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from alumni.models import AlumniGroup, Event, GroupMembership, Outreach, PeerPairing, Rsvp
from contacts.models import ContactDelivery, SupportContact
from messaging.models import Delivery
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role=Role.COORDINATOR, is_staff=True, is_superuser=True))
    return client


def test_every_contacts_model_has_a_working_admin_list(admin_client, member, coordinator):
    group = AlumniGroup.objects.create(name="Tuesday alumni", program=member.program)
    GroupMembership.objects.create(group=group, member=member)
    start = timezone.now()
    event = Event.objects.create(
        title="Meeting",
        kind="meeting",
        group=group,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Room 2",
        created_by=coordinator,
    )
    Rsvp.objects.create(event=event, member=member)
    PeerPairing.objects.create(
        member=member, peer=UserFactory(volunteers_as_peer=True), proposed_by=coordinator
    )
    Outreach.objects.create(
        member=member, coordinator=coordinator, method="call", outcome="reached"
    )
    for model in ("messaging/delivery", "alumni/alumnigroup", "alumni/event"):
        assert admin_client.get(f"/admin/{model}/").status_code == 200, model
    # Who belongs, came, pairs, drifts or counts on whom is the members' own: not in the admin.
    for model in (
        "contacts/supportcontact",
        "alumni/groupmembership",
        "alumni/rsvp",
        "alumni/peerpairing",
        "alumni/outreach",
    ):
        assert admin_client.get(f"/admin/{model}/").status_code == 404, model
    assert admin_client.get(f"/admin/alumni/alumnigroup/{group.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/alumni/event/{event.pk}/change/").status_code == 200


def test_staff_never_see_a_contacts_phone_or_email_nor_a_messages_text(admin_client, member):
    contact = SupportContact.objects.create(
        member=member,
        name="Aunt Jo",
        relationship="family",
        phone="+12025550143",
        email="jo@example.org",
    )
    delivery = Delivery.objects.create(
        channel="sms",
        about=member,
        purpose="alert_contact",
        address="+12025550143",
        text="Alex could use a call from you today.",
    )
    ContactDelivery.objects.create(delivery=delivery, contact=contact)
    pages = [
        admin_client.get("/admin/messaging/delivery/"),
        admin_client.get(f"/admin/messaging/delivery/{delivery.pk}/change/"),
    ]
    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        assert "2025550143" not in page
        assert "jo@example.org" not in page
        assert "could use a call" not in page


def test_deliveries_cannot_be_added_in_the_admin(admin_client):
    assert admin_client.get("/admin/messaging/delivery/add/").status_code == 403
