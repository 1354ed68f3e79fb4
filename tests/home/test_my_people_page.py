"""My people (home.views contact_list): a member's support contacts and peer supporter, and
the ones a message could not reach."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from alumni.models import PeerPairing
from contacts.models import SupportContact
from messaging.models import Channel
from tests.contacts.helpers import GOOD, BusySms, RejectingSms, add_contact, message_to
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


NOV_22 = datetime(2026, 11, 22, 15, 0, tzinfo=timezone.get_default_timezone())


def test_a_contact_a_text_could_not_reach_is_named_on_my_people(signed_in, member, settings):
    with time_machine.travel(NOV_22 - timedelta(days=3), tick=False):
        add_contact(signed_in, name="Jo", phone="(202) 555-0143")
        add_contact(signed_in, name="Sam", phone="(202) 555-0144")
    jo, sam = SupportContact.objects.order_by("position")
    settings.WAYPOINT_SMS_BACKEND = f"{RejectingSms.__module__}.RejectingSms"
    with time_machine.travel(NOV_22, tick=False):
        failed = message_to(jo, member, Channel.SMS)
    settings.WAYPOINT_SMS_BACKEND = f"{BusySms.__module__}.BusySms"
    with time_machine.travel(NOV_22, tick=False):
        retrying = message_to(sam, member, Channel.SMS)
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
    add_contact(signed_in, name="Jo", phone="(202) 555-0143")
    jo = SupportContact.objects.get()
    settings.WAYPOINT_SMS_BACKEND = f"{RejectingSms.__module__}.RejectingSms"
    message_to(jo, member, Channel.SMS)
    assert "couldn't reach Jo" in signed_in.get("/contacts/").content.decode()
    settings.WAYPOINT_SMS_BACKEND = "messaging.transports.ConsoleSmsBackend"
    assert message_to(jo, member, Channel.SMS).status == "sent"
    assert "couldn't reach Jo" not in signed_in.get("/contacts/").content.decode()


def test_an_active_peer_is_listed_with_the_members_contacts(client, member, coordinator):
    peer = UserFactory(
        program=member.program, volunteers_as_peer=True, phone="+12025550111", display_name="Taylor"
    )
    now = timezone.now()
    PeerPairing.objects.create(
        member=member, peer=peer, proposed_by=coordinator, member_agreed_at=now, peer_agreed_at=now
    )
    client.force_login(member)
    page = client.get("/contacts/").content.decode().split('id="main"')[1]
    assert "Your peer supporter" in page and "Taylor" in page and 'href="tel:+12025550111"' in page
