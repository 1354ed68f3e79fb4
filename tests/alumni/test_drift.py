"""Who is drifting away: engagement only, one query for the list, every view audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEvent, Program, Role, Scope, program_today
from alumni import drift
from alumni.models import AlumniGroup, Event, Outreach, Rsvp
from plans.versions import write_plan
from tests.factories import CheckInFactory, UserFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(days=60)


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def _member(coordinator, name, *, joined_ago=LONG_AGO, **fields):
    return UserFactory(
        display_name=name,
        program=coordinator.program,
        date_joined=timezone.now() - joined_ago,
        **fields,
    )


def _checkin(member, days_ago, note=""):
    return CheckInFactory(
        member=member,
        local_date=program_today() - timedelta(days=days_ago),
        lonely=3,
        craving=7,
        note=note,
    )


def _attended(member, coordinator, days_ago):
    group, _ = AlumniGroup.objects.get_or_create(name="Tuesday", program=coordinator.program)
    start = timezone.now() - timedelta(days=days_ago)
    event = Event.objects.create(
        title="Meeting",
        kind="meeting",
        group=group,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Room 2",
        created_by=coordinator,
    )
    return Rsvp.objects.create(event=event, member=member, attended=True)


def _outreach(member, coordinator, days_ago, **fields):
    return Outreach.objects.create(
        member=member,
        coordinator=coordinator,
        method=fields.pop("method", "call"),
        outcome=fields.pop("outcome", "no_answer"),
        created_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


def _names(coordinator):
    return [m.display_name for m in drift.drifting(coordinator)]


@pytest.mark.parametrize(
    ("history", "is_drifting"),
    [
        ("checked in 3 days ago", False),
        ("attended an event 3 days ago, nothing else", False),
        ("outreach 3 days ago, nothing else", False),
        ("never anything, joined 60 days ago", True),
        ("never anything, joined 3 days ago", False),
        ("checked in 20 days ago", True),
        ("checked in exactly 14 days ago", False),
        ("checked in 15 days ago", True),
        ("attended 20 days ago, checked in 2 days ago", False),
    ],
)
def test_who_is_drifting_after_how_long(coordinator, history, is_drifting):
    joined = timedelta(days=3) if "joined 3 days" in history else LONG_AGO
    person = _member(coordinator, "Pat", joined_ago=joined)
    if history.startswith("checked in 3"):
        _checkin(person, 3)
    elif history.startswith("attended an event 3"):
        _attended(person, coordinator, 3)
    elif history.startswith("outreach 3"):
        _outreach(person, coordinator, 3)
    elif history.startswith("checked in 20"):
        _checkin(person, 20)
    elif history.startswith("checked in exactly 14"):
        _checkin(person, 14)
    elif history.startswith("checked in 15"):
        _checkin(person, 15)
    elif history.startswith("attended 20"):
        _attended(person, coordinator, 20)
        _checkin(person, 2)
    assert ("Pat" in _names(coordinator)) is is_drifting


def test_the_threshold_comes_from_settings(coordinator, settings):
    person = _member(coordinator, "Pat")
    _checkin(person, 10)
    assert "Pat" not in _names(coordinator)
    settings.WAYPOINT_DRIFT_DAYS = 7
    assert "Pat" in _names(coordinator)


def test_the_longest_unseen_come_first_with_their_days(coordinator):
    recent = _member(coordinator, "Twenty days")
    _checkin(recent, 30)
    _attended(recent, coordinator, 20)
    older = _member(coordinator, "Forty days")
    _outreach(older, coordinator, 40, method="text", outcome="message")
    _member(coordinator, "Never", joined_ago=timedelta(days=50))
    rows = drift.rows(list(drift.drifting(coordinator)))
    assert [(r.member.display_name, r.days_since, r.never_engaged) for r in rows] == [
        ("Never", 50, True),
        ("Forty days", 40, False),
        ("Twenty days", 20, False),
    ]
    assert rows[1].last_outreach_label == "Text, Left a message"
    assert rows[2].member.last_checkin_on == program_today() - timedelta(days=30)
    assert rows[2].member.last_attended_on == program_today() - timedelta(days=20)


def test_members_of_another_program_counselors_and_coordinators_are_never_listed(coordinator):
    elsewhere = Program.objects.create(name="Elsewhere")
    UserFactory(
        display_name="Other program", program=elsewhere, date_joined=timezone.now() - LONG_AGO
    )
    _member(coordinator, "A counselor", role=Role.COUNSELOR)
    _member(coordinator, "Gone", is_active=False)
    _member(coordinator, "Pat")
    assert _names(coordinator) == ["Pat"]


def test_the_page_shows_engagement_and_audits_each_member_listed(signed_in, coordinator):
    pat = _member(coordinator, "Pat")
    _checkin(pat, 20)
    _outreach(pat, coordinator, 30, method="call", outcome="no_answer")
    sam = _member(coordinator, "Sam")
    page = signed_in.get("/alumni/drift/").content.decode()
    assert "Pat" in page and "Sam" in page
    assert "Call, No answer" in page
    assert page.index("Sam") < page.index("Pat")  # never seen (60 days) before 20 days
    audited = AuditEvent.objects.filter(actor=coordinator, action="view_drift")
    assert set(audited.values_list("member_id", "scope")) == {
        (pat.pk, Scope.ENGAGEMENT),
        (sam.pk, Scope.ENGAGEMENT),
    }


def _drift_page_queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/alumni/drift/").status_code == 200
    return captured


def test_the_list_costs_the_same_queries_for_3_or_15_drifting_members(signed_in, coordinator):
    for n in range(3):
        _checkin(_member(coordinator, f"Early {n}"), 20 + n)
    few = _drift_page_queries(signed_in)
    for n in range(12):
        person = _member(coordinator, f"Later {n}")
        _checkin(person, 20 + n)
        _attended(person, coordinator, 25)
        _outreach(person, coordinator, 30)
    many = _drift_page_queries(signed_in)
    assert AuditEvent.objects.filter(action="view_drift").count() == 3 + 15
    assert len(few) == len(many)
    # The list itself is one SELECT, whatever its length.
    list_queries = [q for q in many if "checkins_checkin" in q["sql"]]
    assert len(list_queries) == 1


def test_the_gate_holds_a_coordinator_sees_engagement_never_check_in_or_plan_content(
    signed_in, coordinator
):
    pat = _member(coordinator, "Pat")
    _checkin(pat, 20, note="Zebra-lantern-417 was a hard day")
    write_plan(pat, {"reasons": [{"text": "Quokka-harbor-93"}]}, author=pat, finished=[])

    drift_page = signed_in.get("/alumni/drift/").content.decode()
    engagement_page = signed_in.get(f"/alumni/members/{pat.pk}/").content.decode()
    for page in (drift_page, engagement_page):
        assert "Pat" in page
        assert "Zebra-lantern-417" not in page
        assert "Quokka-harbor-93" not in page
    assert signed_in.get(f"/counselor/clients/{pat.pk}/").status_code == 403
    assert signed_in.get("/plan/").status_code == 403
    assert not AuditEvent.objects.exclude(scope=Scope.ENGAGEMENT).exists()


def test_a_members_engagement_page_is_audited_and_404s_outside_the_program(signed_in, coordinator):
    pat = _member(coordinator, "Pat")
    signed_in.get(f"/alumni/members/{pat.pk}/")
    assert AuditEvent.objects.filter(
        actor=coordinator, member=pat, action="view_engagement", scope=Scope.ENGAGEMENT
    ).exists()

    stranger = UserFactory(program=Program.objects.create(name="Elsewhere"))
    colleague = _member(coordinator, "A counselor", role=Role.COUNSELOR)
    for person in (stranger, colleague):
        assert signed_in.get(f"/alumni/members/{person.pk}/").status_code == 404
    assert signed_in.get("/alumni/members/999999/").status_code == 404
    assert not AuditEvent.objects.filter(member__in=[stranger, colleague]).exists()


def test_the_daily_digest_counts_who_crossed_the_line_once_a_day_without_names(
    coordinator, mailoutbox
):
    from alumni.tasks import drift_digests

    crossed = _member(coordinator, "Quinn")
    _checkin(crossed, drift.drift_days() + 1)
    long_gone = _member(coordinator, "Rowan")
    _checkin(long_gone, drift.drift_days() + 9)
    _checkin(_member(coordinator, "Sky"), 2)

    assert drift_digests() == 1
    assert drift_digests() == 0  # once a day

    [mail] = mailoutbox
    assert mail.to == [coordinator.email]
    assert mail.body.startswith("1 person in your program has now gone 14 days")
    assert "http://testserver/alumni/drift/" in mail.body
    for name in ("Quinn", "Rowan", "Sky"):
        assert name not in mail.body


def test_no_digest_on_a_day_nobody_crossed_the_line(coordinator, mailoutbox):
    from alumni.tasks import drift_digests

    _checkin(_member(coordinator, "Rowan"), drift.drift_days() + 9)

    assert drift_digests() == 0
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("days_ago", "drifting", "crossed_today"),
    [(14, False, False), (15, True, True), (16, True, False)],
)
def test_the_list_the_member_page_the_overview_and_the_digest_agree_at_the_line(
    signed_in, coordinator, days_ago, drifting, crossed_today
):
    person = _member(coordinator, "Pat")
    _checkin(person, days_ago)

    assert ("Pat" in _names(coordinator)) is drifting
    member_page = signed_in.get(f"/alumni/members/{person.pk}/")
    assert member_page.context["drifting"] is drifting
    assert ('badge text-bg-warning">Drifting<' in member_page.content.decode()) is drifting
    assert signed_in.get("/alumni/").context["drifting_count"] == int(drifting)
    assert drift.newly_drifting(coordinator) == int(crossed_today)
