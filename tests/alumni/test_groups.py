"""Coordinators run their groups: create, rename, add and remove members; others' answer 404."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from accounts.models import AuditEvent, Program, Role, Scope, program_today
from alumni.models import AlumniGroup, Event, GroupMembership, Outreach
from tests.factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(coordinator, member):
    group = AlumniGroup.objects.create(name="Tuesday alumni", program=coordinator.program)
    group.coordinators.add(coordinator)
    GroupMembership.objects.create(
        group=group,
        member=member,
        joined_on=date(2026, 3, 2),
        completed_treatment_on=date(2026, 2, 27),
    )
    return group


def test_the_overview_lists_the_coordinators_groups_with_member_counts(signed_in, group):
    AlumniGroup.objects.create(name="Someone else's group", program=group.program)
    page = signed_in.get("/alumni/").content.decode()
    assert "Tuesday alumni" in page
    assert "1 member" in page
    assert "Someone else&#x27;s group" not in page and "Someone else's group" not in page


def test_members_and_counselors_may_not_open_the_alumni_pages(client, member):
    for viewer in (member, UserFactory(role=Role.COUNSELOR)):
        client.force_login(viewer)
        for url in ("/alumni/", "/alumni/drift/", "/alumni/events/", "/alumni/peers/"):
            assert client.get(url).status_code == 403, url


def test_a_coordinator_creates_a_group_in_their_program_and_runs_it(signed_in, coordinator):
    response = signed_in.post("/alumni/groups/new/", {"name": "Family & friends"})
    group = AlumniGroup.objects.get(name="Family & friends")
    assert response.status_code == 302 and response.url == f"/alumni/groups/{group.pk}/"
    assert group.program == coordinator.program
    assert list(group.coordinators.all()) == [coordinator]


def test_a_group_name_is_used_once_per_program_whatever_the_case(signed_in, group):
    response = signed_in.post("/alumni/groups/new/", {"name": "tuesday ALUMNI"})
    assert response.status_code == 200
    assert "already has a group called" in response.content.decode()
    assert AlumniGroup.objects.count() == 1


def test_a_coordinator_without_a_program_is_told_to_ask_an_admin(client):
    loose = UserFactory(role=Role.COORDINATOR, program=None)
    client.force_login(loose)
    response = client.post("/alumni/groups/new/", {"name": "Orphans"}, follow=True)
    assert "not linked to a program" in response.content.decode()
    assert not AlumniGroup.objects.exists()


def test_a_coordinator_renames_their_group(signed_in, group):
    signed_in.post(f"/alumni/groups/{group.pk}/edit/", {"name": "Tuesday evenings"})
    group.refresh_from_db()
    assert group.name == "Tuesday evenings"


def test_the_group_page_lists_members_with_joined_and_treatment_dates_and_is_audited(
    signed_in, group, member, coordinator
):
    page = signed_in.get(f"/alumni/groups/{group.pk}/").content.decode()
    assert "Alex" in page
    assert "Mar 2, 2026" in page and "Feb 27, 2026" in page
    assert AuditEvent.objects.filter(
        actor=coordinator, member=member, action="view_group", scope=Scope.ENGAGEMENT
    ).exists()


def test_a_member_of_the_program_not_yet_in_the_group_can_be_added(signed_in, group, other_member):
    UserFactory(display_name="Robin", program=Program.objects.create(name="Elsewhere"))
    page = signed_in.get(f"/alumni/groups/{group.pk}/").content.decode()
    assert "Sam" in page and "Robin" not in page
    response = signed_in.post(
        f"/alumni/groups/{group.pk}/members/add/",
        {"member": other_member.pk, "joined_on": program_today().isoformat()},
    )
    assert response.status_code == 302
    assert GroupMembership.objects.filter(group=group, member=other_member).exists()


def test_someone_outside_the_program_or_already_in_the_group_cannot_be_added(
    signed_in, group, member
):
    outsider = UserFactory(program=Program.objects.create(name="Elsewhere"))
    counselor = UserFactory(role=Role.COUNSELOR, program=group.program)
    for person in (outsider, counselor, member):
        response = signed_in.post(
            f"/alumni/groups/{group.pk}/members/add/",
            {"member": person.pk, "joined_on": program_today().isoformat()},
        )
        assert response.status_code == 400
    assert GroupMembership.objects.filter(group=group).count() == 1


def test_a_completed_treatment_date_in_the_future_is_refused(signed_in, group, other_member):
    response = signed_in.post(
        f"/alumni/groups/{group.pk}/members/add/",
        {
            "member": other_member.pk,
            "joined_on": program_today().isoformat(),
            "completed_treatment_on": (program_today() + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "earlier day" in response.content.decode()


def test_a_member_is_removed_from_the_group(signed_in, group, member):
    membership = GroupMembership.objects.get(group=group, member=member)
    signed_in.post(f"/alumni/groups/{group.pk}/members/{membership.pk}/remove/")
    assert not GroupMembership.objects.filter(pk=membership.pk).exists()


def test_a_group_without_events_can_be_deleted_but_one_with_events_is_kept(
    signed_in, group, coordinator
):
    empty = AlumniGroup.objects.create(name="Empty", program=group.program)
    empty.coordinators.add(coordinator)
    signed_in.post(f"/alumni/groups/{empty.pk}/delete/")
    assert not AlumniGroup.objects.filter(pk=empty.pk).exists()

    Event.objects.create(
        title="Meeting",
        kind="meeting",
        group=group,
        starts_at=datetime(2026, 1, 1, 18, tzinfo=UTC),
        ends_at=datetime(2026, 1, 1, 19, tzinfo=UTC),
        place="Room 2",
        created_by=coordinator,
    )
    response = signed_in.post(f"/alumni/groups/{group.pk}/delete/", follow=True)
    assert "attendance is kept" in response.content.decode()
    assert AlumniGroup.objects.filter(pk=group.pk).exists()


def test_another_coordinators_group_answers_404_and_nothing_changes(
    client, group, member, other_member
):
    stranger = UserFactory(role=Role.COORDINATOR, program=group.program)
    client.force_login(stranger)
    membership = GroupMembership.objects.get(group=group, member=member)
    gets = [f"/alumni/groups/{group.pk}/", f"/alumni/groups/{group.pk}/edit/"]
    posts = {
        f"/alumni/groups/{group.pk}/edit/": {"name": "Taken over"},
        f"/alumni/groups/{group.pk}/members/add/": {
            "member": other_member.pk,
            "joined_on": program_today().isoformat(),
        },
        f"/alumni/groups/{group.pk}/members/{membership.pk}/remove/": {},
        f"/alumni/groups/{group.pk}/delete/": {},
    }
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    group.refresh_from_db()
    assert group.name == "Tuesday alumni"
    assert list(group.memberships.values_list("member_id", flat=True)) == [member.pk]
    assert not AuditEvent.objects.filter(actor=stranger).exists()


def test_due_follow_ups_of_program_members_are_listed_and_can_be_marked_done(
    signed_in, coordinator, member
):
    today = program_today()
    due = Outreach.objects.create(
        member=member,
        coordinator=coordinator,
        method="call",
        outcome="no_answer",
        note="Try the evening",
        follow_up_on=today - timedelta(days=1),
    )
    Outreach.objects.create(
        member=member,
        coordinator=coordinator,
        method="text",
        outcome="message",
        note="Later one",
        follow_up_on=today + timedelta(days=3),
    )
    elsewhere = UserFactory(program=Program.objects.create(name="Elsewhere"))
    foreign = Outreach.objects.create(
        member=elsewhere,
        coordinator=coordinator,
        method="call",
        outcome="reached",
        note="Other program",
        follow_up_on=today,
    )
    page = signed_in.get("/alumni/").content.decode()
    assert "Try the evening" in page
    assert "Later one" not in page and "Other program" not in page

    signed_in.post(f"/alumni/follow-ups/{due.pk}/done/")
    due.refresh_from_db()
    assert due.follow_up_done
    assert "Try the evening" not in signed_in.get("/alumni/").content.decode()

    assert signed_in.post(f"/alumni/follow-ups/{foreign.pk}/done/").status_code == 404
    foreign.refresh_from_db()
    assert not foreign.follow_up_done


def test_group_pages_show_only_members_the_gate_lets_the_coordinator_see(
    client, coordinator, member
):
    group = AlumniGroup.objects.create(name="Gate check", program=coordinator.program)
    group.coordinators.add(coordinator)
    moved = UserFactory(display_name="Moved Away", program=coordinator.program)
    GroupMembership.objects.create(group=group, member=moved)
    GroupMembership.objects.create(group=group, member=member)
    moved.program = ProgramFactory(name="Another program")
    moved.save()
    client.force_login(coordinator)
    page = client.get(f"/alumni/groups/{group.pk}/").content.decode()
    assert member.display_name in page and "Moved Away" not in page


def test_odd_digits_in_ids_are_ignored_not_a_crash(client, coordinator):
    AlumniGroup.objects.create(name="Digits", program=coordinator.program).coordinators.add(
        coordinator
    )
    client.force_login(coordinator)
    assert client.get("/alumni/events/new/?group=²").status_code == 200
    response = client.post("/alumni/drift/invite/", {"members": ["²", "9" * 40]})
    assert response.status_code in (200, 302)
