"""Events, RSVPs within capacity, and a peer supporter both sides agreed to."""

from __future__ import annotations

import pytest

from accounts.models import Role
from alumni.models import AlumniGroup, Event, GroupMembership, PeerPairing, Rsvp
from alumni.network import EventFull, rsvp
from tests.alumni.helpers import group_of, upcoming_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(member, coordinator):
    return group_of(member, coordinator)


def test_members_see_their_groups_events_and_rsvp(client, member, group, coordinator):
    event = upcoming_event(group, coordinator)
    other_group = AlumniGroup.objects.create(name="Elsewhere", program=member.program)
    upcoming_event(other_group, coordinator, title="Not for Alex")
    client.force_login(member)
    page = client.get("/community/").content.decode()
    assert "Bowling night" in page and "Not for Alex" not in page
    client.post(f"/community/events/{event.pk}/rsvp/")
    client.post(f"/community/events/{event.pk}/rsvp/")  # twice: still one place
    assert Rsvp.objects.filter(event=event, member=member).count() == 1
    assert "You're going" in client.get("/community/").content.decode()
    client.post(f"/community/events/{event.pk}/cancel/")
    assert not Rsvp.objects.exists()


def test_an_rsvp_past_capacity_is_refused_politely(client, member, group, coordinator):
    event = upcoming_event(group, coordinator, capacity=1)
    first = UserFactory(program=member.program)
    GroupMembership.objects.create(group=group, member=first)
    Rsvp.objects.create(event=event, member=first)
    client.force_login(member)
    response = client.post(f"/community/events/{event.pk}/rsvp/", follow=True)
    assert "is full" in response.content.decode()
    assert not Rsvp.objects.filter(member=member).exists()


def test_events_of_other_groups_and_past_events_cannot_be_joined(
    client, member, group, coordinator
):
    elsewhere = upcoming_event(
        AlumniGroup.objects.create(name="Other", program=member.program), coordinator
    )
    past = upcoming_event(group, coordinator, days=-3)
    client.force_login(member)
    assert client.post(f"/community/events/{elsewhere.pk}/rsvp/").status_code == 404
    response = client.post(f"/community/events/{past.pk}/rsvp/", follow=True)
    assert "already happened" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_a_peer_is_reachable_only_after_both_say_yes(client, member, coordinator):
    peer = UserFactory(
        role=Role.MEMBER,
        program=member.program,
        volunteers_as_peer=True,
        phone="+12025550111",
        display_name="Taylor",
    )
    pairing = PeerPairing.objects.create(member=member, peer=peer, proposed_by=coordinator)
    client.force_login(member)
    client.post(f"/community/peer/{pairing.pk}/", {"answer": "yes"})
    assert "Taylor" not in client.get("/today/").content.decode().split('id="help-panel"')[1]

    client.force_login(peer)
    assert "peer supporter for Alex" in client.get("/community/").content.decode()
    client.post(f"/community/peer/{pairing.pk}/", {"answer": "yes"})
    client.force_login(member)
    panel = client.get("/today/").content.decode().split('id="help-panel"')[1]
    assert "Taylor" in panel and 'href="tel:+12025550111"' in panel


def test_saying_no_ends_the_proposal_and_outsiders_cannot_answer(
    client, member, coordinator, other_member
):
    peer = UserFactory(program=member.program, volunteers_as_peer=True)
    pairing = PeerPairing.objects.create(member=member, peer=peer, proposed_by=coordinator)
    client.force_login(other_member)
    assert client.post(f"/community/peer/{pairing.pk}/", {"answer": "yes"}).status_code == 404
    client.force_login(member)
    client.post(f"/community/peer/{pairing.pk}/", {"answer": "no"})
    pairing.refresh_from_db()
    assert pairing.ended_at is not None and pairing.member_agreed_at is None


@pytest.mark.parametrize("posted", [{}, {"answer": ""}, {"answer": "maybe"}, {"answer": "YES"}])
def test_an_answer_that_is_neither_yes_nor_no_changes_nothing(client, member, coordinator, posted):
    peer = UserFactory(program=member.program, volunteers_as_peer=True)
    pairing = PeerPairing.objects.create(member=member, peer=peer, proposed_by=coordinator)
    client.force_login(member)
    response = client.post(f"/community/peer/{pairing.pk}/", posted, follow=True)
    assert "Please choose Yes or Not now. Nothing was changed." in response.content.decode()
    pairing.refresh_from_db()
    assert (pairing.ended_at, pairing.member_agreed_at) == (None, None)
    # Then a real answer still counts.
    client.post(f"/community/peer/{pairing.pk}/", {"answer": "yes"})
    pairing.refresh_from_db()
    assert pairing.member_agreed_at is not None


def test_a_past_rsvp_stays_on_record(client, member, group, coordinator):
    past = upcoming_event(group, coordinator, days=-2)
    Rsvp.objects.create(event=past, member=member)
    client.force_login(member)
    response = client.post(f"/community/events/{past.pk}/cancel/", follow=True)
    assert "already started" in response.content.decode()
    assert Rsvp.objects.filter(event=past, member=member).exists()


@pytest.mark.parametrize(
    ("capacity", "taken", "full"),
    [
        (None, 0, False),
        (None, 500, False),
        (2, 0, False),
        (2, 1, False),
        (2, 2, True),
        (2, 3, True),
    ],
)
def test_an_event_is_full_when_every_place_is_taken(capacity, taken, full):
    assert Event(capacity=capacity).full_with(taken) is full


@pytest.mark.parametrize(("capacity", "full"), [(None, False), (2, False), (1, True)])
def test_the_page_and_the_rsvp_lock_agree_on_full(
    client, member, group, coordinator, capacity, full
):
    event = upcoming_event(group, coordinator, capacity=capacity)
    first = UserFactory(program=member.program)
    GroupMembership.objects.create(group=group, member=first)
    Rsvp.objects.create(event=event, member=first)

    assert Event.objects.with_places().get(pk=event.pk).is_full is full
    client.force_login(member)
    page = client.get("/community/").content.decode()
    assert (" disabled>Full<" in page) is full
    if full:
        with pytest.raises(EventFull):
            rsvp(member, event)
    else:
        assert rsvp(member, event).member == member
