"""The member always knows who was told: supporters messaged by the rules show on the next
page the member sees, once; each contact is messaged automatically only if the member says."""

from __future__ import annotations

import pytest
from django.utils import timezone

from alerts import notify
from alerts.models import Alert, AlertNotice
from contacts.models import SupportContact
from core.stages import Stage
from messaging.models import Delivery
from tests.contacts.helpers import add_contact
from tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db

JO_TEXT = "Alex could use a call from you today."


@pytest.fixture(autouse=True)
def _console_sms(settings):
    settings.WAYPOINT_SMS_BACKEND = "messaging.transports.ConsoleSmsBackend"


def _contact(member, name, *, auto, phone="+12025550143"):
    return SupportContact.objects.create(
        member=member,
        name=name,
        relationship="friend",
        phone=phone,
        may_be_told=True,
        auto_alerts=auto,
        approved_message=f"{member.display_name.split()[0]} could use a call from you today.",
    )


def _alert(member):
    return Alert.objects.create(
        member=member,
        stage=Stage.MENTAL,
        signals=[{"code": "craving_high", "explanation": "x"}],
        notified_at=timezone.now(),
    )


def test_the_rules_message_only_contacts_the_member_lets_them(member):
    jo = _contact(member, "Jo", auto=True)
    sam = _contact(member, "Sam", auto=False, phone="+12025550144")

    assert notify.tell_supporters(_alert(member).pk) == 1

    assert Delivery.objects.filter(contact_link__contact=jo).count() == 1
    assert not Delivery.objects.filter(contact_link__contact=sam).exists()


def test_a_member_picking_a_contact_still_reaches_one_without_automatic_messages(member):
    sam = _contact(member, "Sam", auto=False)
    alert = _alert(member)
    assert notify.tell_supporters(alert.pk, [sam.pk]) == 1
    # They saw the words as they picked: nothing to show them afterwards.
    assert notify.told_on_my_behalf(member) == []
    assert AlertNotice.objects.get(alert=alert).seen_by_member_at is not None


def test_today_says_who_was_told_and_the_words_once(signed_in, member):
    _contact(member, "Jo", auto=True)
    _contact(member, "Sam", auto=False, phone="+12025550144")
    notify.tell_supporters(_alert(member).pk)

    page = signed_in.get("/today/").content.decode()
    assert "We let Jo know: “Alex could use a call from you today.”" in page
    assert "We let Sam know" not in page

    again = signed_in.get("/today/").content.decode()
    assert "We let Jo know" not in again
    assert "We sent a message for you" not in again


def test_the_check_in_response_says_who_was_told(signed_in, member):
    CheckInFactory(member=member)
    _contact(member, "Jo", auto=True)
    notify.tell_supporters(_alert(member).pk)

    page = signed_in.get("/checkin/response/").content.decode()
    assert "We let Jo know: “Alex could use a call from you today.”" in page
    assert "We let Jo know" not in signed_in.get("/today/").content.decode()


def test_a_member_sees_only_their_own_notices(signed_in, member, other_member):
    _contact(other_member, "Jo", auto=True)
    notify.tell_supporters(_alert(other_member).pk)
    _contact(member, "Ray", auto=True, phone="+12025550145")
    notify.tell_supporters(_alert(member).pk)

    page = signed_in.get("/today/").content.decode()
    assert "We let Ray know" in page and "We let Jo know" not in page
    assert len(notify.told_on_my_behalf(other_member)) == 1


def test_the_contact_form_and_my_people_show_the_choice(signed_in, member):
    add_contact(signed_in, may_be_told="on", approved_message=JO_TEXT, auto_alerts="on")
    contact = SupportContact.objects.get(member=member)
    assert contact.auto_alerts
    page = signed_in.get("/contacts/").content.decode()
    assert "Messaged automatically when your check-ins show you may need support" in page

    form = signed_in.get(f"/contacts/{contact.pk}/edit/").content.decode()
    assert "Message them automatically when my check-ins show I may need support" in form


def test_a_new_contact_is_not_messaged_automatically_until_the_member_says(signed_in, member):
    add_contact(signed_in, may_be_told="on", approved_message=JO_TEXT)
    assert not SupportContact.objects.get(member=member).auto_alerts
    assert "Messaged only when you choose to." in signed_in.get("/contacts/").content.decode()
