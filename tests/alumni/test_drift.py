"""Who is drifting away: engagement only, a page at a time in a constant number of queries,
every member shown audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import REFUSED, AuditEvent, Program, Role, Scope, program_today
from alumni import drift
from alumni.models import AlumniGroup, Event, Outreach, Rsvp
from plans.versions import write_plan
from tests.alumni.helpers import LONG_AGO, checkin_days_ago, program_member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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
    person = program_member(coordinator, "Pat", joined_ago=joined)
    if history.startswith("checked in 3"):
        checkin_days_ago(person, 3)
    elif history.startswith("attended an event 3"):
        _attended(person, coordinator, 3)
    elif history.startswith("outreach 3"):
        _outreach(person, coordinator, 3)
    elif history.startswith("checked in 20"):
        checkin_days_ago(person, 20)
    elif history.startswith("checked in exactly 14"):
        checkin_days_ago(person, 14)
    elif history.startswith("checked in 15"):
        checkin_days_ago(person, 15)
    elif history.startswith("attended 20"):
        _attended(person, coordinator, 20)
        checkin_days_ago(person, 2)
    assert ("Pat" in _names(coordinator)) is is_drifting


def test_the_threshold_comes_from_settings(coordinator, settings):
    person = program_member(coordinator, "Pat")
    checkin_days_ago(person, 10)
    assert "Pat" not in _names(coordinator)
    settings.WAYPOINT_DRIFT_DAYS = 7
    assert "Pat" in _names(coordinator)


def test_the_longest_unseen_come_first_with_their_days(coordinator):
    recent = program_member(coordinator, "Twenty days")
    checkin_days_ago(recent, 30)
    _attended(recent, coordinator, 20)
    older = program_member(coordinator, "Forty days")
    _outreach(older, coordinator, 40, method="text", outcome="message")
    program_member(coordinator, "Never", joined_ago=timedelta(days=50))
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
    program_member(coordinator, "A counselor", role=Role.COUNSELOR)
    program_member(coordinator, "Gone", is_active=False)
    program_member(coordinator, "Pat")
    assert _names(coordinator) == ["Pat"]


def test_the_page_shows_engagement_and_audits_each_member_listed(signed_in, coordinator):
    pat = program_member(coordinator, "Pat")
    checkin_days_ago(pat, 20)
    _outreach(pat, coordinator, 30, method="call", outcome="no_answer")
    sam = program_member(coordinator, "Sam")
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
        checkin_days_ago(program_member(coordinator, f"Early {n}"), 20 + n)
    few = _drift_page_queries(signed_in)
    for n in range(12):
        person = program_member(coordinator, f"Later {n}")
        checkin_days_ago(person, 20 + n)
        _attended(person, coordinator, 25)
        _outreach(person, coordinator, 30)
    many = _drift_page_queries(signed_in)
    assert AuditEvent.objects.filter(action="view_drift").count() == 3 + 15
    assert len(few) == len(many)
    # The list itself is two SELECTs, whatever its length: everyone's last-seen dates (for
    # the order), then the page's members in full.
    list_queries = [q for q in many if "checkins_checkin" in q["sql"]]
    assert len(list_queries) == 2


def test_the_gate_holds_a_coordinator_sees_engagement_never_check_in_or_plan_content(
    signed_in, coordinator
):
    pat = program_member(coordinator, "Pat")
    checkin_days_ago(pat, 20, note="Zebra-lantern-417 was a hard day")
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
    pat = program_member(coordinator, "Pat")
    signed_in.get(f"/alumni/members/{pat.pk}/")
    assert AuditEvent.objects.filter(
        actor=coordinator, member=pat, action="view_engagement", scope=Scope.ENGAGEMENT
    ).exists()

    stranger = UserFactory(program=Program.objects.create(name="Elsewhere"))
    colleague = program_member(coordinator, "A counselor", role=Role.COUNSELOR)
    for person in (stranger, colleague):
        assert signed_in.get(f"/alumni/members/{person.pk}/").status_code == 404
    assert signed_in.get("/alumni/members/999999/").status_code == 404
    # Nothing seen; the attempt on a member elsewhere is kept as refused (a colleague's
    # page is no member's record).
    assert (
        not AuditEvent.objects.filter(member__in=[stranger, colleague])
        .exclude(action=REFUSED)
        .exists()
    )
    assert AuditEvent.objects.filter(member=stranger, action=REFUSED).count() == 1
    assert not AuditEvent.objects.filter(member=colleague).exists()


@pytest.mark.parametrize(
    ("days_ago", "drifting", "crossed_today"),
    [(14, False, False), (15, True, True), (16, True, False)],
)
def test_the_list_the_member_page_the_overview_and_the_digest_agree_at_the_line(
    signed_in, coordinator, days_ago, drifting, crossed_today
):
    person = program_member(coordinator, "Pat")
    checkin_days_ago(person, days_ago)

    assert ("Pat" in _names(coordinator)) is drifting
    member_page = signed_in.get(f"/alumni/members/{person.pk}/")
    assert member_page.context["drifting"] is drifting
    assert ('badge text-bg-warning">Drifting<' in member_page.content.decode()) is drifting
    assert signed_in.get("/alumni/").context["drifting_count"] == int(drifting)
    assert drift.newly_drifting(coordinator) == int(crossed_today)


def _drifting_members(coordinator, count, first_days_ago=20):
    people = []
    for n in range(count):
        person = program_member(coordinator, f"Member {n:02d}")
        checkin_days_ago(person, first_days_ago + n)
        people.append(person)
    return people


def test_the_list_shows_25_a_page_longest_unseen_first_and_audits_only_those(
    signed_in, coordinator
):
    people = _drifting_members(coordinator, 30)
    longest_first = [p.pk for p in reversed(people)]

    first = signed_in.get("/alumni/drift/")
    second = signed_in.get("/alumni/drift/?over=14&page=2")

    shown = [[r.member.pk for r in page.context["rows"]] for page in (first, second)]
    assert shown == [longest_first[:25], longest_first[25:]]
    html = first.content.decode()
    assert '<nav aria-label="Pages of the list">' in html
    # The page links end at the list, so the next page opens there.
    assert 'rel="next" href="?over=14&amp;page=2#drift-list"' in html
    assert 'id="drift-list"' in html
    assert html.count('name="members"') == 25
    audited = AuditEvent.objects.filter(actor=coordinator, action="view_drift")
    assert audited.count() == 30
    assert set(audited.values_list("member", flat=True)) == {p.pk for p in people}


@pytest.mark.parametrize(
    ("asked", "expected"), [("5", 2), ("two", 1), ("-1", 1), ("0", 1), ("", 1)]
)
def test_a_drift_page_out_of_range_or_not_a_number_shows_a_real_page(
    signed_in, coordinator, asked, expected
):
    _drifting_members(coordinator, 30)
    response = signed_in.get("/alumni/drift/", {"page": asked})
    assert response.status_code == 200
    assert response.context["listing"].page.number == expected


def test_the_list_filters_by_how_long(signed_in, coordinator):
    for name, days_ago in [("Three weeks", 21), ("Six weeks", 42), ("Four months", 120)]:
        person = program_member(coordinator, name, joined_ago=timedelta(days=200))
        checkin_days_ago(person, days_ago)

    def names(over):
        response = signed_in.get("/alumni/drift/", {"over": over} if over is not None else {})
        assert response.status_code == 200
        return [r.member.display_name for r in response.context["rows"]]

    assert names(None) == ["Four months", "Six weeks", "Three weeks"]
    assert names("30") == ["Four months", "Six weeks"]
    assert names("90") == ["Four months"]
    assert names("7") == names(None)  # not a choice: the drift line
    assert names("1000000000000000000000") == names(None)
    page = signed_in.get("/alumni/drift/", {"over": "60"}).content.decode()
    assert "Members not seen for more than 60 days" in page
    assert '<option value="60" selected>' in page


def test_a_drift_page_costs_the_same_queries_for_3_or_40_drifting_members(signed_in, coordinator):
    _drifting_members(coordinator, 3)
    few = len(_drift_page_queries(signed_in))
    _drifting_members(coordinator, 37, first_days_ago=40)
    with CaptureQueriesContext(connection) as captured:
        assert signed_in.get("/alumni/drift/?page=2").status_code == 200
    assert len(_drift_page_queries(signed_in)) == len(captured) == few
