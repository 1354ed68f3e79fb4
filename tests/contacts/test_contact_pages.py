"""The support-contact pages (contacts.views contact_edit, contact_delete, contact_move): kept in
order, checked, and private to the member. The list itself is tests/home/test_my_people_page.py."""

from __future__ import annotations

import re

import pytest

from contacts.models import ContactDelivery, SupportContact
from messaging.models import Delivery
from tests.contacts.helpers import GOOD, add_contact, message_to

pytestmark = pytest.mark.django_db


def test_a_contact_is_saved_with_the_phone_in_e164(signed_in, member):
    response = add_contact(signed_in)
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
        ({"approved_message": "x" * 161}, "Keep this to 160 characters or fewer. It has 161."),
        ({"auto_alerts": "on"}, "only once they have agreed to hear from us"),
        # Once the message was an email subject: a line break there was a BadHeaderError.
        ({"approved_message": "Alex could use a call\nBcc: x@example.org"}, "on one line"),
        ({"approved_message": "Alex could\ruse a call"}, "on one line"),
        ({"approved_message": "Alex could\u2028use a call"}, "on one line"),
        ({"name": ""}, "Please fill this in."),
        ({"relationship": "boss"}, "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(signed_in, data, message):
    response = add_contact(signed_in, **data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "violated" not in page  # never the database's own words
    assert not SupportContact.objects.exists()


def test_contacts_can_be_reordered(signed_in, member):
    for name in ("Ann", "Ben", "Cy"):
        add_contact(signed_in, name=name)
    cy = SupportContact.objects.get(name="Cy")
    signed_in.post(f"/contacts/{cy.pk}/move/", {"direction": "up"})
    signed_in.post(f"/contacts/{cy.pk}/move/", {"direction": "up"})
    signed_in.post(f"/contacts/{cy.pk}/move/", {"direction": "up"})  # already first: nothing
    assert list(SupportContact.objects.filter(member=member).values_list("name", flat=True)) == [
        "Cy",
        "Ann",
        "Ben",
    ]


@pytest.mark.parametrize("posted", [{}, {"direction": "sideways"}, {"direction": "UP"}])
def test_a_move_without_up_or_down_moves_nothing(signed_in, member, posted):
    for name in ("Ann", "Ben"):
        add_contact(signed_in, name=name)
    ann = SupportContact.objects.get(name="Ann")
    response = signed_in.post(f"/contacts/{ann.pk}/move/", posted, follow=True)
    assert "Please choose Up or Down. Nothing was moved." in response.content.decode()
    names = SupportContact.objects.filter(member=member).values_list("name", flat=True)
    assert list(names) == ["Ann", "Ben"]
    signed_in.post(f"/contacts/{ann.pk}/move/", {"direction": "down"})
    assert list(names.all()) == ["Ben", "Ann"]


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
    add_contact(signed_in, email="marcus@example.org")
    contact = SupportContact.objects.get()
    message_to(contact, member)
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
    add_contact(signed_in, may_be_told="on", approved_message="Alex could use a call.")
    contact = SupportContact.objects.get()
    response = signed_in.post(
        f"/contacts/{contact.pk}/edit/",
        {**GOOD, "may_be_told": "on", "approved_message": "Call me\nSubject: hi"},
    )
    assert response.status_code == 200
    assert "Keep the message on one line" in response.content.decode()
    contact.refresh_from_db()
    assert contact.approved_message == "Alex could use a call."


# --- Removing, with undo ---------------------------------------------------------------

UNDO_TOKEN = re.compile(r'name="token" value="([^"]+)"')


def _remove(client, contact):
    page = client.post(f"/contacts/{contact.pk}/delete/", follow=True).content.decode()
    found = UNDO_TOKEN.search(page)
    return page, found.group(1) if found else None


def test_a_removed_contact_is_gone_at_once_and_can_be_put_back_in_its_place(signed_in, member):
    for name in ("Marcus", "Dana", "Lee"):
        add_contact(signed_in, name=name)
    dana = SupportContact.objects.get(name="Dana")
    page, token = _remove(signed_in, dana)
    assert "Removed Dana from your contacts." in page and token
    assert list(SupportContact.objects.values_list("name", flat=True)) == ["Marcus", "Lee"]

    back = signed_in.post("/contacts/undo/", {"token": token}, follow=True).content.decode()
    assert "Dana is back in your contacts." in back
    assert list(SupportContact.objects.values_list("name", flat=True)) == ["Marcus", "Dana", "Lee"]
    restored = SupportContact.objects.get(name="Dana")
    assert (restored.pk, restored.phone, restored.relationship) == (dana.pk, dana.phone, "sponsor")


def test_an_undo_works_once(signed_in):
    add_contact(signed_in)
    _page, token = _remove(signed_in, SupportContact.objects.get())
    signed_in.post("/contacts/undo/", {"token": token})
    again = signed_in.post("/contacts/undo/", {"token": token}, follow=True).content.decode()
    assert "can no longer be undone" in again
    assert SupportContact.objects.count() == 1


def test_an_undo_is_the_removers_own(client, member, other_member):
    client.force_login(member)
    add_contact(client)
    _page, token = _remove(client, SupportContact.objects.get())
    client.force_login(other_member)  # a new session: the kept copy stayed in the old one
    client.post("/contacts/undo/", {"token": token})
    assert not SupportContact.objects.exists()
