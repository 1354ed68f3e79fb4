"""The alumni network's rules: who sees which events, RSVPs within capacity, peers, groups."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from alumni.models import AlumniGroup, Event, PeerPairing, Rsvp
from contacts.people import Reachable


class EventFull(Exception):
    """No places left."""


def groups_coordinated_by(coordinator: User) -> QuerySet[AlumniGroup]:
    """Groups this coordinator runs: the only ones they may change (others answer 404)."""
    # Only groups of the coordinator's own program, even if an admin listed them elsewhere.
    return AlumniGroup.objects.filter(coordinators=coordinator, program=coordinator.program)


def upcoming_events(member: User) -> QuerySet[Event]:
    """Events of the member's groups that have not ended, with RSVP counts and the member's own."""
    return (
        Event.objects.filter(group__memberships__member=member, ends_at__gt=timezone.now())
        .select_related("group")
        .with_places()
        .annotate(mine=Count("rsvps", filter=Q(rsvps__member=member), distinct=True))
        .order_by("starts_at")
    )


def next_event(member: User) -> Event | None:
    return upcoming_events(member).first()


@transaction.atomic
def rsvp(member: User, event: Event) -> Rsvp:
    """Take a place; idempotent for the same member; EventFull when no place is left."""
    # Lock the event row so two last-place RSVPs cannot both succeed.
    event = Event.objects.select_for_update().get(pk=event.pk)
    existing = Rsvp.objects.filter(event=event, member=member).first()
    if existing:
        return existing
    if event.full_with(event.rsvps.count()):
        raise EventFull(event.pk)
    return Rsvp.objects.create(event=event, member=member)


def cancel_rsvp(member: User, event: Event) -> bool:
    """Give the place back before the event starts; afterwards the RSVP is history."""
    deleted, _ = Rsvp.objects.filter(
        event=event, member=member, attended__isnull=True, event__starts_at__gt=timezone.now()
    ).delete()
    return bool(deleted)


def active_peer(member: User) -> User | None:
    pairing = PeerPairing.objects.active().filter(member=member).select_related("peer").first()
    return pairing.peer if pairing else None


def peer_supporter(member: User) -> Reachable | None:
    peer = active_peer(member)
    if peer is None or not peer.phone:
        return None
    return Reachable(peer.display_name, peer.phone, str(_("Peer supporter")))
