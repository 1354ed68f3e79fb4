"""Coordinators plan their groups' events and record who came."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditEvent, Role
from alumni.models import AlumniGroup, Event, GroupMembership, Rsvp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(coordinator, member, other_member):
    group = AlumniGroup.objects.create(name="Tuesday alumni", program=coordinator.program)
    group.coordinators.add(coordinator)
    for person in (member, other_member):
        GroupMembership.objects.create(group=group, member=person)
    return group


def _event(group, coordinator, *, starts_in=timedelta(days=2), capacity=None):
    start = timezone.now() + starts_in
    return Event.objects.create(
        title="Bowling night",
        kind="social",
        group=group,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Lanes on 5th",
        capacity=capacity,
        created_by=coordinator,
    )


def _form(group, **changes):
    data = {
        "title": "Summer picnic",
        "kind": "social",
        "group": group.pk,
        "starts_at": "2026-07-04T12:00",
        "ends_at": "2026-07-04T15:00",
        "place": "Riverside park",
        "online_url": "",
        "capacity": "",
    }
    data.update(changes)
    return data


def test_an_event_is_created_with_times_in_the_programs_time_zone(signed_in, group, coordinator):
    coordinator.timezone = "America/Los_Angeles"  # travelling: still the program's clock
    coordinator.save()
    response = signed_in.post("/alumni/events/new/", _form(group, capacity="12"))
    event = Event.objects.get(title="Summer picnic")
    assert response.status_code == 302 and response.url == f"/alumni/events/{event.pk}/"
    # settings.TIME_ZONE is America/New_York: noon there is 16:00 UTC in July.
    assert event.starts_at == datetime(2026, 7, 4, 16, tzinfo=UTC)
    assert event.ends_at == datetime(2026, 7, 4, 19, tzinfo=UTC)
    assert event.capacity == 12 and event.created_by == coordinator
    form_page = signed_in.get(f"/alumni/events/{event.pk}/edit/").content.decode()
    assert 'value="2026-07-04T12:00"' in form_page


@pytest.mark.parametrize(
    ("language", "named"),
    [
        ("en", "Eastern time (New York, Atlanta, Miami)"),
        ("es", "Hora del Este (Nueva York, Atlanta, Miami)"),
    ],
)
def test_the_programs_time_zone_is_named_in_words_on_every_event_page(
    signed_in, group, coordinator, language, named
):
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    event = _event(group, coordinator)
    for url in ("/alumni/events/", f"/alumni/events/{event.pk}/", "/alumni/events/new/"):
        page = signed_in.get(url).content.decode()
        assert named in page and f"({named})" not in page, url  # not in nested brackets
        assert "America/New_York" not in page, url


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_at": "2026-07-04T11:00"}, "The end must be after the start."),
        ({"ends_at": "2026-07-04T12:00"}, "The end must be after the start."),
        ({"place": "", "online_url": ""}, "Give a place, an online link, or both."),
        ({"capacity": "0"}, "Places must be at least 1"),
    ],
)
def test_an_event_that_does_not_add_up_is_refused_with_a_clear_message(
    signed_in, group, changes, message
):
    response = signed_in.post("/alumni/events/new/", _form(group, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Event.objects.exists()


def test_an_online_link_alone_is_enough(signed_in, group):
    signed_in.post(
        "/alumni/events/new/", _form(group, place="", online_url="https://meet.example.org/x")
    )
    assert Event.objects.get().online_url == "https://meet.example.org/x"


def test_only_the_coordinators_own_groups_can_hold_their_events(signed_in, group):
    foreign = AlumniGroup.objects.create(name="Not mine", program=group.program)
    response = signed_in.post("/alumni/events/new/", _form(foreign))
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_capacity_cannot_fall_below_the_rsvps_already_made(
    signed_in, group, coordinator, member, other_member
):
    event = _event(group, coordinator, capacity=5)
    for person in (member, other_member):
        Rsvp.objects.create(event=event, member=person)
    data = _form(group, title=event.title, capacity="1")
    response = signed_in.post(f"/alumni/events/{event.pk}/edit/", data)
    assert response.status_code == 400
    assert "2 people have already said they are coming" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 5

    signed_in.post(f"/alumni/events/{event.pk}/edit/", _form(group, capacity="2"))
    event.refresh_from_db()
    assert event.capacity == 2


def test_the_event_list_shows_upcoming_and_past_events_of_their_groups(
    signed_in, group, coordinator
):
    _event(group, coordinator)
    past = _event(group, coordinator, starts_in=-timedelta(days=7))
    past.title = "Last week's meeting"
    past.save()
    foreign = AlumniGroup.objects.create(name="Not mine", program=group.program)
    other = _event(foreign, coordinator)
    other.title = "Someone else's event"
    other.save()
    page = signed_in.get("/alumni/events/").content.decode()
    assert page.index("Bowling night") < page.index("Last week")
    assert "Someone else" not in page


def test_attendance_is_recorded_yes_or_no_per_rsvp_and_audited(
    signed_in, group, coordinator, member, other_member
):
    event = _event(group, coordinator, starts_in=-timedelta(hours=1))
    came = Rsvp.objects.create(event=event, member=member)
    missed = Rsvp.objects.create(event=event, member=other_member)
    page = signed_in.get(f"/alumni/events/{event.pk}/").content.decode()
    assert "Alex" in page and "Sam" in page
    response = signed_in.post(
        f"/alumni/events/{event.pk}/attendance/",
        {f"rsvp_{came.pk}": "yes", f"rsvp_{missed.pk}": "no"},
        follow=True,
    )
    assert "Attendance saved: 1 person came." in response.content.decode()
    came.refresh_from_db()
    missed.refresh_from_db()
    assert came.attended is True and missed.attended is False
    assert set(
        AuditEvent.objects.filter(action="record_attendance").values_list("member_id", flat=True)
    ) == {member.pk, other_member.pk}


def test_a_walk_in_member_of_the_group_is_recorded_as_attended(
    signed_in, group, coordinator, other_member
):
    event = _event(group, coordinator, starts_in=-timedelta(hours=1), capacity=1)
    Rsvp.objects.create(event=event, member=UserFactory(role=Role.MEMBER))
    signed_in.post(f"/alumni/events/{event.pk}/walk-in/", {"member": other_member.pk})
    assert Rsvp.objects.get(event=event, member=other_member).attended is True


def test_a_walk_in_must_be_in_the_group(signed_in, group, coordinator):
    event = _event(group, coordinator, starts_in=-timedelta(hours=1))
    stranger = UserFactory(role=Role.MEMBER, program=group.program)
    response = signed_in.post(f"/alumni/events/{event.pk}/walk-in/", {"member": stranger.pk})
    assert response.status_code == 400
    assert not Rsvp.objects.exists()


def test_attendance_waits_until_the_event_has_started(signed_in, group, coordinator, member):
    event = _event(group, coordinator)
    rsvp = Rsvp.objects.create(event=event, member=member)
    response = signed_in.post(
        f"/alumni/events/{event.pk}/attendance/", {f"rsvp_{rsvp.pk}": "yes"}, follow=True
    )
    assert "once the event has started" in response.content.decode()
    rsvp.refresh_from_db()
    assert rsvp.attended is None


def test_another_coordinators_event_answers_404_and_nothing_changes(
    client, group, coordinator, member
):
    event = _event(group, coordinator, starts_in=-timedelta(hours=1))
    rsvp = Rsvp.objects.create(event=event, member=member)
    stranger = UserFactory(role=Role.COORDINATOR, program=group.program)
    client.force_login(stranger)
    assert client.get(f"/alumni/events/{event.pk}/").status_code == 404
    assert client.get(f"/alumni/events/{event.pk}/edit/").status_code == 404
    assert (
        client.post(f"/alumni/events/{event.pk}/attendance/", {f"rsvp_{rsvp.pk}": "yes"})
    ).status_code == 404
    assert (
        client.post(f"/alumni/events/{event.pk}/walk-in/", {"member": member.pk})
    ).status_code == 404
    rsvp.refresh_from_db()
    assert rsvp.attended is None


def test_a_date_in_a_far_year_gets_a_message_not_a_crash(client, coordinator):
    group = AlumniGroup.objects.create(name="Far", program=coordinator.program)
    group.coordinators.add(coordinator)
    client.force_login(coordinator)
    data = {
        "title": "Far",
        "kind": "social",
        "group": group.pk,
        "starts_at": "9999-12-31T23:30",
        "ends_at": "9999-12-31T23:59",
        "place": "Hall",
    }
    response = client.post("/alumni/events/new/", data)
    assert response.status_code == 400 and "within the next few years" in response.content.decode()
    assert not Event.objects.filter(title="Far").exists()
