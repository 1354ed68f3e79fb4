"""Builders shared by the alumni tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import program_today
from alumni.models import AlumniGroup, Event, GroupMembership
from tests.factories import CheckInFactory, UserFactory


def upcoming_event(group, coordinator, *, days=2, capacity=None, title="Bowling night"):
    start = timezone.now() + timedelta(days=days)
    return Event.objects.create(
        title=title,
        kind="social",
        group=group,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Lanes on 5th",
        capacity=capacity,
        created_by=coordinator,
    )


def group_of(member, coordinator):
    """The member's alumni group, run by the coordinator."""
    group = AlumniGroup.objects.create(name="Tuesday alumni", program=member.program)
    group.coordinators.add(coordinator)
    GroupMembership.objects.create(group=group, member=member)
    return group


LONG_AGO = timedelta(days=60)


def program_member(coordinator, name, *, joined_ago=LONG_AGO, **fields):
    return UserFactory(
        display_name=name,
        program=coordinator.program,
        date_joined=timezone.now() - joined_ago,
        **fields,
    )


def checkin_days_ago(member, days_ago, note=""):
    return CheckInFactory(
        member=member,
        local_date=program_today() - timedelta(days=days_ago),
        lonely=3,
        craving=7,
        note=note,
    )
