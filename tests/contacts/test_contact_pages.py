"""A member's people: kept in order, reachable in one tap, and private to them."""

from __future__ import annotations

import pytest

from contacts.models import SupportContact
from messaging.models import Delivery
from messaging.transports import deliver

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


def test_deleting_a_contact_keeps_the_delivery_record_without_its_content(signed_in, member):
    _add(signed_in, email="marcus@example.org")
    contact = SupportContact.objects.get()
    deliver(
        "email",
        contact.email,
        "Alex could use a call today.",
        purpose="test",
        to_contact=contact,
        about=member,
    )
    signed_in.post(f"/contacts/{contact.pk}/delete/")
    assert not SupportContact.objects.exists()
    delivery = Delivery.objects.get()
    assert (delivery.text, delivery.address, delivery.status, delivery.to_contact) == (
        "",
        "",
        "sent",
        None,
    )


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
