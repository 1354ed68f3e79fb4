"""A group's weekly active members: checked in or came to an event, counted once a week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from accounts.models import User, program_today
from alumni import engagement
from alumni.models import AlumniGroup, Event, GroupMembership, Rsvp
from tests.factories import CheckInFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 14)  # a Thursday; the window starts on Monday Feb 23


def _checkin(member, day):
    CheckInFactory(member=member, local_date=day)


def _event_at(group, coordinator, starts_at, attendees):
    event = Event.objects.create(
        title="Meeting",
        kind="meeting",
        group=group,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        place="Room 2",
        created_by=coordinator,
    )
    for member, came in attendees:
        Rsvp.objects.create(event=event, member=member, attended=came)


@pytest.fixture
def group(coordinator):
    group = AlumniGroup.objects.create(name="Tuesday alumni", program=coordinator.program)
    group.coordinators.add(coordinator)
    return group


def test_the_window_is_twelve_weeks_ending_with_this_week():
    assert engagement.first_week(TODAY) == date(2026, 2, 23)
    assert engagement.first_week(date(2026, 5, 11)) == date(2026, 2, 23)  # a Monday


def test_weekly_active_counts_each_member_once_a_week():
    start = date(2026, 2, 23)
    activity = [
        (1, date(2026, 2, 23)),
        (1, date(2026, 2, 24)),
        (2, date(2026, 3, 1)),  # the Sunday ends week one
        (2, date(2026, 3, 2)),
        (3, date(2026, 2, 22)),  # before the window
        (3, date(2026, 5, 18)),  # after it
    ]
    assert engagement.weekly_active(activity, start) == [2, 1] + [0] * 10


def test_a_small_group_gives_known_weekly_numbers(group, coordinator):
    a, b, c = (UserFactory(program=coordinator.program) for _ in range(3))
    for person in (a, b, c):
        GroupMembership.objects.create(group=group, member=person)
    outsider = UserFactory(program=coordinator.program)

    _checkin(a, date(2026, 2, 23))
    _checkin(a, date(2026, 2, 24))
    _event_at(group, coordinator, datetime(2026, 2, 25, 23, tzinfo=UTC), [(b, True)])
    _checkin(c, date(2026, 2, 22))  # the week before the window
    _checkin(outsider, date(2026, 2, 23))  # not in the group
    # Week two: b checks in and comes; c comes on Sunday 23:30 in New York (EDT since that
    # morning), which is already Monday in UTC.
    _checkin(b, date(2026, 3, 2))
    _event_at(group, coordinator, datetime(2026, 3, 3, 23, tzinfo=UTC), [(b, True), (a, False)])
    _event_at(group, coordinator, datetime(2026, 3, 9, 3, 30, tzinfo=UTC), [(c, True)])
    _checkin(a, TODAY)

    members = User.objects.filter(group_memberships__group=group)
    chart = engagement.group_chart(members, 3, today=TODAY)
    assert [bar.count for bar in chart.bars] == [2, 2] + [0] * 9 + [1]
    assert chart.bars[0].week == date(2026, 2, 23) and chart.bars[-1].week == date(2026, 5, 11)
    assert (chart.start, chart.end) == (date(2026, 2, 23), date(2026, 5, 17))


def test_bars_are_drawn_to_the_groups_size():
    chart = engagement.build([0, 3, 6], date(2026, 2, 23), members=6)
    heights = [bar.height for bar in chart.bars]
    assert heights[0] == 0 and heights[2] == 2 * heights[1]
    full = chart.bars[2]
    assert full.y + full.height == chart.baseline
    assert all(bar.x > engagement.PAD for bar in chart.bars)


def test_the_group_page_draws_the_chart_with_a_table_of_numbers(client, group, coordinator):
    member = UserFactory(program=coordinator.program)
    GroupMembership.objects.create(group=group, member=member)
    _checkin(member, program_today())
    client.force_login(coordinator)
    page = client.get(f"/alumni/groups/{group.pk}/").content.decode()
    assert "<svg" in page and "<rect" in page
    assert "Active members each week (checked in or came to an event)" in page
    assert page.count('<tr><th scope="row">') >= 12
