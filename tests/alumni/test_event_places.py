"""An event is full in one place: the RSVP lock and the community page ask the same rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alumni.models import AlumniGroup, Event, GroupMembership, Rsvp
from alumni.network import EventFull, rsvp
from tests.factories import UserFactory


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


@pytest.mark.django_db
@pytest.mark.parametrize(("capacity", "full"), [(None, False), (2, False), (1, True)])
def test_the_page_and_the_rsvp_lock_agree(client, member, coordinator, capacity, full):
    group = AlumniGroup.objects.create(name="Tuesday alumni", program=member.program)
    start = timezone.now() + timedelta(days=2)
    event = Event.objects.create(
        title="Bowling night",
        kind="social",
        group=group,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=capacity,
        created_by=coordinator,
    )
    first = UserFactory(program=member.program)
    for person in (member, first):
        GroupMembership.objects.create(group=group, member=person)
    Rsvp.objects.create(event=event, member=first)

    assert Event.objects.with_places().get(pk=event.pk).is_full is full
    client.force_login(member)
    page = client.get("/community/").content.decode()
    assert (" disabled>Full<" in page) is full
    assert ("I&#x27;ll be there" in page or "I'll be there" in page) is not full
    if full:
        with pytest.raises(EventFull):
            rsvp(member, event)
    else:
        assert rsvp(member, event).member == member
