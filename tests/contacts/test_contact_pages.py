"""A member's people: kept in order, reachable in one tap, and private to them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from contacts.models import ContactDelivery, SupportContact
from messaging import outbox
from messaging.models import Channel, Delivery, Purpose
from messaging.transports import TransportError

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Marcus",
    "relationship": "sponsor",
    "phone": "(202) 555-0143",
    "email": "",
    "preferred_channel": "call",
    "best_times": "Evenings",
    "approved_message": "",
}


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def _add(client, **data):
    return client.post("/contacts/new/", {**GOOD, **data})


def test_a_contact_is_saved_with_the_phone_in_e164(signed_in, member):
    response = _add(signed_in)
    assert response.url == "/contacts/"
    contact = SupportContact.objects.get(member=member)
    assert (contact.name, contact.phone, contact.position) == ("Marcus", "+12025550143", 0)
    page = signed_in.get("/contacts/").content.decode()
    assert "(202) 555-0143" in page and 'href="tel:+12025550143"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phone": "555"}, "Enter a phone number"),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"phone": "", "email": ""}, "Add a phone number or an email address"),
        (
            {"phone": "", "email": "m@example.org", "preferred_channel": "sms"},
            "Add their phone number",
        ),
        ({"preferred_channel": "email"}, "Add their email address"),
        ({"may_be_told": "on", "approved_message": " "}, "Write the short message"),
        ({"approved_message": "x" * 161}, "at most 160 characters"),
        # Once the message was an email subject: a line break there was a BadHeaderError.
        ({"approved_message": "Alex could use a call\nBcc: x@example.org"}, "on one line"),
        ({"approved_message": "Alex could\ruse a call"}, "on one line"),
        ({"name": ""}, "This field is required"),
        ({"relationship": "boss"}, "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(signed_in, data, message):
    response = _add(signed_in, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SupportContact.objects.exists()


def test_contacts_can_be_reordered(signed_in, member):
    for name in ("Ann", "Ben", "Cy"):
        _add(signed_in, name=name)
    cy = SupportContact.objects.get(name="Cy")
    signed_in.post(f"/contacts/{cy.pk}/move/", {"direction": "up"})
    signed_in.post(f"/contacts/{cy.pk}/move/", {"direction": "up"})
    signed_in.post(f"/contacts/{cy.pk}/move/", {"direction": "up"})  # already first: nothing
    assert list(SupportContact.objects.filter(member=member).values_list("name", flat=True)) == [
        "Cy",
        "Ann",
        "Ben",
    ]


def test_another_members_contact_answers_404_and_is_unchanged(signed_in, other_member):
    theirs = SupportContact.objects.create(
        member=other_member, name="Theirs", relationship="friend", phone="+12025550100"
    )
    assert signed_in.get(f"/contacts/{theirs.pk}/edit/").status_code == 404
    assert (
        signed_in.post(f"/contacts/{theirs.pk}/edit/", {**GOOD, "name": "Mine"}).status_code == 404
    )
    assert signed_in.post(f"/contacts/{theirs.pk}/delete/").status_code == 404
    assert signed_in.post(f"/contacts/{theirs.pk}/move/", {"direction": "up"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"


def _message_to(contact, member, channel=Channel.EMAIL):
    """A message to `contact` recorded and sent through the outbox, as alerts do."""
    address = contact.phone if channel == Channel.SMS else contact.email
    delivery = outbox.record(
        Purpose.ALERT_CONTACT, channel, address, "Alex could use a call today.", about=member
    )
    ContactDelivery.objects.create(delivery=delivery, contact=contact)
    outbox.send(delivery.pk)
    delivery.refresh_from_db()
    return delivery


def test_deleting_a_contact_keeps_the_delivery_record_without_its_content(signed_in, member):
    _add(signed_in, email="marcus@example.org")
    contact = SupportContact.objects.get()
    _message_to(contact, member)
    signed_in.post(f"/contacts/{contact.pk}/delete/")
    assert not SupportContact.objects.exists()
    delivery = Delivery.objects.get()
    assert (delivery.text, delivery.address, delivery.status, delivery.about) == (
        "",
        "",
        "sent",
        member,
    )
    assert not ContactDelivery.objects.exists()


def test_a_newline_in_an_approved_message_changes_nothing_on_edit(signed_in, member):
    _add(signed_in, may_be_told="on", approved_message="Alex could use a call.")
    contact = SupportContact.objects.get()
    response = signed_in.post(
        f"/contacts/{contact.pk}/edit/",
        {**GOOD, "may_be_told": "on", "approved_message": "Call me\nSubject: hi"},
    )
    assert response.status_code == 200
    assert "Keep the message on one line" in response.content.decode()
    contact.refresh_from_db()
    assert contact.approved_message == "Alex could use a call."


class _RejectingSms:
    def send(self, to: str, text: str) -> str:
        raise TransportError("gateway answered 400", permanent=True)


class _BusySms:
    def send(self, to: str, text: str) -> str:
        raise TransportError("gateway answered 503", permanent=False)


NOV_22 = datetime(2026, 11, 22, 15, 0, tzinfo=timezone.get_default_timezone())


def test_a_contact_a_text_could_not_reach_is_named_on_my_people(signed_in, member, settings):
    with time_machine.travel(NOV_22 - timedelta(days=3), tick=False):
        _add(signed_in, name="Jo", phone="(202) 555-0143")
        _add(signed_in, name="Sam", phone="(202) 555-0144")
    jo, sam = SupportContact.objects.order_by("position")
    settings.WAYPOINT_SMS_BACKEND = f"{__name__}._RejectingSms"
    with time_machine.travel(NOV_22, tick=False):
        failed = _message_to(jo, member, Channel.SMS)
    settings.WAYPOINT_SMS_BACKEND = f"{__name__}._BusySms"
    with time_machine.travel(NOV_22, tick=False):
        retrying = _message_to(sam, member, Channel.SMS)
    assert (failed.status, failed.permanent) == ("failed", True)
    assert retrying.status == "pending"

    page = signed_in.get("/contacts/").content.decode()
    assert "We couldn't reach Jo by text message on Nov 22: check the number." in page
    assert "reach Sam" not in page  # a passing fault is being retried, not the number's fault
    assert "gateway" not in page and "400" not in page

    # The member fixes the number: the warning is gone.
    with time_machine.travel(NOV_22 + timedelta(hours=1), tick=False):
        signed_in.post(
            f"/contacts/{jo.pk}/edit/", {**GOOD, "name": "Jo", "phone": "(202) 555-0145"}
        )
    assert "couldn't reach Jo" not in signed_in.get("/contacts/").content.decode()


def test_a_message_that_got_through_later_clears_the_warning(signed_in, member, settings):
    _add(signed_in, name="Jo", phone="(202) 555-0143")
    jo = SupportContact.objects.get()
    settings.WAYPOINT_SMS_BACKEND = f"{__name__}._RejectingSms"
    _message_to(jo, member, Channel.SMS)
    assert "couldn't reach Jo" in signed_in.get("/contacts/").content.decode()
    settings.WAYPOINT_SMS_BACKEND = "messaging.transports.ConsoleSmsBackend"
    assert _message_to(jo, member, Channel.SMS).status == "sent"
    assert "couldn't reach Jo" not in signed_in.get("/contacts/").content.decode()


def test_get_help_now_shows_the_first_three_people_with_a_phone(signed_in):
    _add(signed_in, name="Emailonly", phone="", email="e@example.org", preferred_channel="email")
    for index, name in enumerate(("Ann", "Ben", "Cy", "Di")):
        _add(signed_in, name=name, phone=f"(202) 555-010{index}")
    page = signed_in.get("/today/").content.decode()
    panel = page.split('id="help-panel"')[1]
    for index, name in enumerate(("Ann", "Ben", "Cy")):
        assert (
            name in panel
            and f'href="tel:+1202555010{index}"' in panel
            and f'href="sms:+1202555010{index}"' in panel
        )
    assert "Di" not in panel.split("Crisis lines")[0] and "Emailonly" not in panel
    assert 'href="tel:988"' in panel
