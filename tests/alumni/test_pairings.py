"""Peer pairings: open (not ended) and active (both said yes, not ended), one rule each."""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.utils import timezone

from alumni.engagement import PairingState, pairing_state
from alumni.models import PeerPairing
from alumni.network import active_peer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.mark.parametrize(
    ("member_agreed", "peer_agreed", "ended", "is_open", "is_active", "state"),
    [
        (False, False, False, True, False, PairingState.PROPOSED),
        (True, False, False, True, False, PairingState.MEMBER_AGREED),
        (False, True, False, True, False, PairingState.PEER_AGREED),
        (True, True, False, True, True, PairingState.ACTIVE),
        (True, True, True, False, False, PairingState.ENDED),
        (False, False, True, False, False, PairingState.ENDED),
    ],
)
def test_each_state_agrees_in_python_and_in_the_query(
    member, coordinator, member_agreed, peer_agreed, ended, is_open, is_active, state
):
    peer = UserFactory(display_name="Taylor", program=member.program, volunteers_as_peer=True)
    pairing = PeerPairing.objects.create(
        member=member,
        peer=peer,
        proposed_by=coordinator,
        member_agreed_at=NOW if member_agreed else None,
        peer_agreed_at=NOW if peer_agreed else None,
        ended_at=NOW if ended else None,
    )
    assert (pairing.is_open, pairing.is_active, pairing_state(pairing)) == (
        is_open,
        is_active,
        state,
    )
    assert PeerPairing.objects.open().filter(pk=pairing.pk).exists() is is_open
    assert PeerPairing.objects.ended().filter(pk=pairing.pk).exists() is not is_open
    assert PeerPairing.objects.active().filter(pk=pairing.pk).exists() is is_active
    # Get help now and alert notices reach the peer only through an active pairing.
    assert active_peer(member) == (peer if is_active else None)


def test_the_query_helpers_count_through_a_relation(member, other_member, coordinator):
    peer = UserFactory(program=member.program, volunteers_as_peer=True)
    PeerPairing.objects.create(member=member, peer=peer, proposed_by=coordinator)
    PeerPairing.objects.create(
        member=other_member, peer=peer, proposed_by=coordinator, ended_at=NOW
    )
    counted = (
        type(peer)
        .objects.filter(pk=peer.pk)
        .annotate(
            supporting=Count("peer_of", filter=PeerPairing.open_q(via="peer_of__")),
            active=Count("peer_of", filter=PeerPairing.active_q(via="peer_of__")),
        )
    )
    assert counted.values_list("supporting", "active").get() == (1, 0)
