"""Coordinators propose peer pairings; a pairing is active only when both people agree."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from accounts.models import Program
from alumni.engagement import PairingState, pairing_state
from alumni.models import PeerPairing
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def peer(coordinator):
    return UserFactory(display_name="Morgan", program=coordinator.program, volunteers_as_peer=True)


def test_the_page_lists_the_programs_volunteers_only(signed_in, peer, coordinator):
    UserFactory(display_name="Not volunteering", program=coordinator.program)
    UserFactory(
        display_name="Elsewhere",
        program=Program.objects.create(name="Elsewhere"),
        volunteers_as_peer=True,
    )
    page = signed_in.get("/alumni/peers/").content.decode()
    peer_choices = re.search(r'<select name="peer".*?</select>', page, re.S).group(0)
    assert "Morgan" in peer_choices
    assert "Not volunteering" not in peer_choices
    assert "Elsewhere" not in page


def test_a_proposed_pairing_waits_for_both_to_agree(signed_in, member, peer, coordinator):
    response = signed_in.post("/alumni/peers/", {"member": member.pk, "peer": peer.pk}, follow=True)
    assert "starts once Alex and Morgan both agree" in response.content.decode()
    pairing = PeerPairing.objects.get()
    assert (pairing.member, pairing.peer, pairing.proposed_by) == (member, peer, coordinator)
    assert not pairing.is_active
    assert "Proposed: waiting for both to agree" in response.content.decode()


def test_a_member_cannot_be_paired_with_themselves(signed_in, peer):
    response = signed_in.post("/alumni/peers/", {"member": peer.pk, "peer": peer.pk})
    assert response.status_code == 400
    assert "cannot be their own peer supporter" in response.content.decode()
    assert not PeerPairing.objects.exists()


def test_a_second_open_pairing_for_the_same_member_is_refused_with_a_message(
    signed_in, member, peer, coordinator
):
    PeerPairing.objects.create(member=member, peer=peer, proposed_by=coordinator)
    another = UserFactory(
        display_name="Riley", program=coordinator.program, volunteers_as_peer=True
    )
    response = signed_in.post("/alumni/peers/", {"member": member.pk, "peer": another.pk})
    assert response.status_code == 400
    assert "Alex already has a peer pairing with Morgan" in response.content.decode()
    assert PeerPairing.objects.count() == 1


def test_a_peer_must_be_a_volunteer_of_the_program(signed_in, member, other_member):
    response = signed_in.post("/alumni/peers/", {"member": member.pk, "peer": other_member.pk})
    assert response.status_code == 400
    assert not PeerPairing.objects.exists()


def test_each_state_is_shown_as_it_is(signed_in, member, other_member, peer, coordinator):
    now = timezone.now()
    cases = [
        ({}, PairingState.PROPOSED),
        ({"member_agreed_at": now}, PairingState.MEMBER_AGREED),
        ({"peer_agreed_at": now}, PairingState.PEER_AGREED),
        ({"member_agreed_at": now, "peer_agreed_at": now}, PairingState.ACTIVE),
        ({"member_agreed_at": now, "peer_agreed_at": now, "ended_at": now}, PairingState.ENDED),
    ]
    for fields, state in cases:
        assert pairing_state(PeerPairing(**fields)) == state
    PeerPairing.objects.create(
        member=member, peer=peer, proposed_by=coordinator, member_agreed_at=now
    )
    page = signed_in.get("/alumni/peers/").content.decode()
    assert "Member agreed: waiting for the peer" in page


def test_the_coordinator_ends_a_pairing_and_can_then_propose_another(
    signed_in, member, peer, coordinator
):
    pairing = PeerPairing.objects.create(member=member, peer=peer, proposed_by=coordinator)
    signed_in.post(f"/alumni/peers/{pairing.pk}/end/")
    pairing.refresh_from_db()
    assert pairing.ended_at is not None
    signed_in.post("/alumni/peers/", {"member": member.pk, "peer": peer.pk})
    assert PeerPairing.objects.filter(member=member, ended_at__isnull=True).count() == 1


def test_a_pairing_in_another_program_cannot_be_ended(signed_in, coordinator):
    elsewhere = Program.objects.create(name="Elsewhere")
    pairing = PeerPairing.objects.create(
        member=UserFactory(program=elsewhere),
        peer=UserFactory(program=elsewhere, volunteers_as_peer=True),
        proposed_by=coordinator,
    )
    assert signed_in.post(f"/alumni/peers/{pairing.pk}/end/").status_code == 404
    pairing.refresh_from_db()
    assert pairing.ended_at is None
