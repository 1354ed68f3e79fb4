"""The caseload (home.views counselor_caseload): what needs the counselor first, each part of a
client's record only where it is shared and audited, in a constant number of queries."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEvent, Consent, Role, Scope, User, program_today
from alerts.models import Alert
from checkins.models import UseKind, UseReport
from checkins.progress import local_date
from home.caseload import SORTS
from measures.models import BamResult
from plans.models import PlanReview
from plans.sections import SECTIONS
from plans.versions import write_plan
from tests.alerts.helpers import open_alert
from tests.factories import (
    CareAssignmentFactory,
    CheckInFactory,
    ConsentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("plan", "alerts"), [(True, True), (True, False), (False, True), (False, False)]
)
def test_plan_state_and_alert_stage_show_and_are_audited_only_where_shared(
    client, member, counselor, plan, alerts
):
    write_plan(member, {"reasons": [{"text": "x"}]}, author=member, finished=[])
    Alert.objects.create(member=member, stage="physical", opened_at=timezone.now(), signals=[])
    Consent.objects.get(member=member).revoke()
    if plan or alerts:  # check-ins not shared: their sparkline has a test of its own
        ConsentFactory(
            member=member,
            recipient=counselor,
            scope_plan=plan,
            scope_alerts=alerts,
            scope_checkins=False,
        )
    client.force_login(counselor)

    response = client.get("/counselor/")

    page = response.content.decode()
    [row] = response.context["clients"]
    assert row.client == member and member.display_name in page
    assert ("In progress" in page) is plan
    assert ("Physical stage</a>" in page) is alerts  # the row, not the filter's choices
    # Each unshared column says so plainly (check-ins too: the sparkline and the BAM).
    assert _row_html(page, "Alex").count("Not shared") == (not plan) + (not alerts) + 4
    audited = set(AuditEvent.objects.filter(actor=counselor, member=member).values_list("scope"))
    shown = [(Scope.PLAN, plan), (Scope.ALERTS, alerts), (Scope.ENGAGEMENT, True)]
    assert audited == {(s,) for s, on in shown if on}


ALL_DONE = [s.key for s in SECTIONS]


def _row_html(page, name):
    """The table row of the member called `name`, as HTML."""
    [row] = [r for r in re.findall(r"<tr.*?</tr>", page, re.S) if f">{name}</a></th>" in r]
    return row


def _report_of_use(member, day):
    return UseReport.objects.create(
        member=member, occurred_at=timezone.now(), local_date=day, kind=UseKind.LAPSE
    )


def _client_with_plan(
    counselor, name, *, finished=(), reviewed=None, changed_after=False, shared=True
):
    member = UserFactory(display_name=name)
    CareAssignmentFactory(counselor=counselor, member=member)
    if shared:
        ConsentFactory(member=member, recipient=counselor)
    if finished is None:
        return member
    version = write_plan(
        member, {"reasons": [{"text": "x"}]}, author=member, finished=list(finished)
    )
    if reviewed:
        PlanReview.objects.create(
            plan=version.plan, version_number=1, counselor=counselor, status=reviewed
        )
    if changed_after:
        write_plan(member, {"coping": [{"text": "y"}]}, author=member, finished=[])
    return member


def test_the_caseload_puts_what_needs_the_counselor_first(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    _client_with_plan(counselor, "Ann", finished=ALL_DONE, reviewed="reviewed")
    _client_with_plan(counselor, "Ben", finished=None)
    _client_with_plan(counselor, "Cy", finished=["reasons"])
    _client_with_plan(counselor, "Di", finished=ALL_DONE)
    _client_with_plan(counselor, "Ed", finished=ALL_DONE, reviewed="reviewed", changed_after=True)
    _client_with_plan(counselor, "Flo", finished=ALL_DONE, reviewed="changes_suggested")
    _client_with_plan(counselor, "Gus", finished=ALL_DONE, shared=False)
    client.force_login(counselor)
    response = client.get("/counselor/")
    rows = [(r.client.display_name, str(r.plan_state_label)) for r in response.context["clients"]]
    assert rows == [
        ("Di", "Awaiting your review"),
        ("Ed", "Changed since your review"),
        ("Cy", "In progress"),
        ("Flo", "Changes suggested"),
        ("Ben", "No plan yet"),
        ("Ann", "Reviewed"),
        ("Gus", "Not shared with you"),
    ]


def _caseload_queries(client, url="/counselor/"):
    # The first visit to a view also keeps it in the session for "Back to caseload" (one
    # write, tested on its own below): count the page as it is seen again.
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/counselor/",
        "/counselor/?show=attention&quiet=3&page=2",
        "/counselor/?sort=craving&dir=desc&page=2",
    ],
)
def test_the_caseload_uses_the_same_queries_for_3_or_40_clients(client, url):
    counselor = UserFactory(role=Role.COUNSELOR)
    client.force_login(counselor)
    for i in range(3):
        _client_with_plan(counselor, f"A{i}", finished=ALL_DONE)
    few = _caseload_queries(client, url)
    for i in range(37):
        member = _client_with_plan(
            counselor, f"M{i}", finished=ALL_DONE, reviewed="reviewed" if i % 2 else None
        )
        CheckInFactory(member=member, craving=i % 11, used_today=i % 3 == 0)
        _report_of_use(member, local_date(member.timezone))
    # A full first page writes 100 audit rows, which SQLite (999 parameters a statement)
    # takes in two inserts; PostgreSQL in one. Fewer rows, one insert everywhere.
    split = url == "/counselor/" and connection.vendor == "sqlite"
    assert _caseload_queries(client, url) == few + split
    # session, user, second-factor device; the clients (with the gate's marks and when you
    # last looked), their open alerts, plan reviews, check-ins (one row a client), reports
    # of use, BAMs; the page's people and their sparklines' days; the alert count; the
    # consents relied on for plans, alerts and check-ins together; one audit insert
    if url == "/counselor/":
        assert few == 14


def _needy_client(counselor, i):
    """A client every filter finds (alert, quiet for a week, plan awaiting review, a name
    the search finds), with values that differ between clients for every sort."""
    member = _client_with_plan(counselor, f"Member {i:03d}", finished=ALL_DONE)
    open_alert(member, "physical", 1)
    today = local_date(member.timezone)
    CheckInFactory(member=member, local_date=today - timedelta(days=8 + i % 5), craving=i % 11)
    _report_of_use(member, today - timedelta(days=9))
    for weeks_ago, use in ((2, i % 4), (1, i % 7)):
        _bam(member, today - timedelta(weeks=weeks_ago), use=use, risk=i % 20, protective=i % 24)
    _looked(counselor, member, days_ago=i % 9)
    return member


def _bam(member, on, *, use=0, risk=4, protective=20):
    at = timezone.now() - timedelta(days=(local_date(member.timezone) - on).days)
    return BamResult.objects.create(
        member=member,
        version="BAM-2013",
        answers={},
        use=use,
        risk=risk,
        protective=protective,
        satisfaction=3,
        started_at=at,
        completed_at=at,
        local_date=on,
        next_due_on=on + timedelta(days=7),
    )


def _looked(counselor, member, *, days_ago, action="view_client"):
    return AuditEvent.objects.create(
        actor=counselor,
        member=member,
        action=action,
        scope=Scope.ENGAGEMENT,
        at=timezone.now() - timedelta(days=days_ago),
    )


EVERY_VIEW = [
    {},
    {"show": "attention"},
    {"stage": "physical"},
    {"quiet": "7"},
    {"plan": "awaiting"},
    {"show": "attention", "stage": "physical", "quiet": "3", "plan": "awaiting"},
    *({"sort": key, "dir": way} for key in SORTS if key != "need" for way in ("asc", "desc")),
    {"sort": "need", "dir": "desc"},
]


def test_every_order_filter_and_the_search_cost_the_same_queries_for_30_or_90_clients(
    client, time_machine
):
    # The clock stands still: a staff session's idle clock is written again once a minute
    # (accounts.middleware), which a slow run would count as the page's queries.
    time_machine.move_to(timezone.now(), tick=False)
    counselor = UserFactory(role=Role.COUNSELOR)
    client.force_login(counselor)

    def costs():
        found = {}
        for search in ("", "member"):
            session = client.session
            session["caseload_search"] = search
            session.save()
            for query in EVERY_VIEW:
                client.get("/counselor/", query)  # kept in the session (see _caseload_queries)
                with CaptureQueriesContext(connection) as captured:
                    response = client.get("/counselor/", query)
                assert len(response.context["clients"]) == 25  # a full page every time
                found[(search, tuple(query.items()))] = len(captured)
        return found

    for i in range(30):
        _needy_client(counselor, i)
    at_30 = costs()
    for i in range(30, 90):
        _needy_client(counselor, i)
    assert costs() == at_30
    assert set(at_30.values()) == {14 + (connection.vendor == "sqlite")}


def test_the_caseload_shows_25_a_page_and_the_second_page_the_rest(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    names = [f"Member {i:02d}" for i in range(30)]
    for name in names:
        _client_with_plan(counselor, name, finished=None)
    client.force_login(counselor)

    first = client.get("/counselor/")
    second = client.get("/counselor/?page=2")

    shown = [[r.client.display_name for r in p.context["clients"]] for p in (first, second)]
    assert shown == [names[:25], names[25:]]
    page = first.content.decode()
    assert '<nav aria-label="Caseload pages">' in page
    # Each page link ends at the list, as sorting and filtering do: the next page opens there.
    assert 'aria-current="page" href="?page=1#caseload-list"' in page
    assert 'rel="next" href="?page=2#caseload-list"' in page
    assert 'rel="prev" href="?page=1#caseload-list"' in second.content.decode()
    assert 'id="caseload-list"' in page
    # Each page audits exactly the clients it shows, once per part of the record shown.
    plan_views = AuditEvent.objects.filter(actor=counselor, action="view_caseload_plan")
    assert plan_views.count() == 30
    assert set(plan_views.values_list("member__display_name", flat=True)) == set(names)


@pytest.mark.parametrize(
    ("asked", "expected_page"),
    [("99", 2), ("abc", 1), ("-1", 1), ("0", 1), ("1.5", 1), ("", 1), ("9" * 40, 2)],
)
def test_a_page_number_out_of_range_or_not_a_number_shows_a_real_page(client, asked, expected_page):
    counselor = UserFactory(role=Role.COUNSELOR)
    for i in range(30):
        _client_with_plan(counselor, f"Member {i:02d}", finished=None)
    client.force_login(counselor)
    response = client.get("/counselor/", {"page": asked})
    assert response.status_code == 200
    assert response.context["listing"].page.number == expected_page


def test_the_filters_narrow_the_caseload_and_stay_in_the_page_links(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    calm = _client_with_plan(counselor, "Calm", finished=ALL_DONE, reviewed="reviewed")
    waiting = _client_with_plan(counselor, "Waiting", finished=ALL_DONE)
    alerted = _client_with_plan(counselor, "Alerted", finished=ALL_DONE, reviewed="reviewed")
    open_alert(alerted, "mental", 1)
    for member in (calm, alerted):
        CheckInFactory(member=member, local_date=local_date(member.timezone))
    CheckInFactory(member=waiting, local_date=local_date(waiting.timezone) - timedelta(days=9))
    client.force_login(counselor)

    def names(query):
        response = client.get("/counselor/", query)
        assert response.status_code == 200
        return [r.client.display_name for r in response.context["clients"]]

    assert names({}) == ["Alerted", "Waiting", "Calm"]
    assert names({"show": "attention"}) == ["Alerted", "Waiting"]
    assert names({"stage": "mental"}) == ["Alerted"]
    assert names({"stage": "physical"}) == []
    assert names({"quiet": "7"}) == ["Waiting"]
    assert names({"quiet": "14"}) == []
    # Unknown values are ignored, never an error.
    assert names({"show": "everyone'--", "stage": "<b>", "quiet": "5"}) == names({})
    nobody = client.get("/counselor/", {"stage": "physical"}).content.decode()
    assert "Nobody on your care team matches these filters right now." in nobody


def test_page_links_keep_the_filters_and_nothing_else(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    for i in range(30):
        _client_with_plan(counselor, f"Member {i:02d}", finished=ALL_DONE)
    client.force_login(counselor)
    page = client.get(
        "/counselor/", {"show": "attention", "quiet": "3", "note": "Relapsed Friday"}
    ).content.decode()
    links = re.findall(r'href="(\?[^"]*page=[^"]*)"', page)
    assert 'href="?show=attention&amp;quiet=3&amp;page=2#caseload-list"' in page
    assert links and not [link for link in links if "Relapsed" in link or "note" in link]


def test_the_last_check_in_is_audited_as_engagement_for_the_clients_shown(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    for i in range(30):
        _client_with_plan(counselor, f"Member {i:02d}", finished=None)
    client.force_login(counselor)
    client.get("/counselor/", {"quiet": "3", "page": "2"})
    engagement = AuditEvent.objects.filter(actor=counselor, scope=Scope.ENGAGEMENT)
    assert engagement.filter(action="view_caseload_engagement").count() == 5
    client.get("/counselor/")
    assert engagement.count() == 30  # every row shows its last check-in


def test_the_caseload_shows_each_clients_open_stage_first(client, member, counselor):
    open_alert(member, "mental", 1)
    open_alert(member, "physical", 1)
    client.force_login(counselor)
    response = client.get("/counselor/")
    [row] = response.context["clients"]
    assert row.alert_stage == "physical"
    assert "Physical stage</a>" in response.content.decode()


def test_each_client_who_shares_check_ins_has_a_sparkline_of_their_last_two_weeks(
    client, member, counselor, other_member, django_assert_max_num_queries
):
    today = local_date(member.timezone)
    for ago, craving in ((20, 9), (6, 2), (3, 8), (0, 4)):
        CheckInFactory(member=member, local_date=today - timedelta(days=ago), craving=craving)
    # A report of use two days ago, on a day the check-in said no: still a day with use.
    CheckInFactory(member=member, local_date=today - timedelta(days=2), craving=5)
    _report_of_use(member, today - timedelta(days=2))
    # Sam shares only the plan with Casey: their check-ins stay out of the caseload.
    CareAssignmentFactory(counselor=counselor, member=other_member)
    ConsentFactory(member=other_member, recipient=counselor, scope_checkins=False)
    CheckInFactory(member=other_member, craving=10)
    client.force_login(counselor)

    # 14, and the first visit keeps the view in the session (an update in its savepoint)
    with django_assert_max_num_queries(17):
        response = client.get("/counselor/")

    page = response.content.decode()
    rows = {r.client: r for r in response.context["clients"]}
    line = rows[member].recent
    assert (line.checkins, line.highest, line.use_count) == (4, 8, 1)  # 20 days ago left out
    label = "4 check-ins, highest craving 8 of 10; HALT up to 0 of 4 quite or very; 1 day with use"
    assert f'aria-label="{label}"' in page
    assert rows[other_member].recent is None
    assert "highest craving 10" not in page
    audited = AuditEvent.objects.filter(actor=counselor, scope=Scope.CHECKINS)
    assert list(audited.values_list("member", flat=True)) == [member.pk]


def test_each_column_says_where_the_client_stands(client, member, counselor):
    today = local_date(member.timezone)
    for ago, craving in ((12, 3), (4, 6), (2, 5)):
        CheckInFactory(
            member=member, local_date=today - timedelta(days=ago), craving=craving, hungry=3
        )
    CheckInFactory(member=member, local_date=today - timedelta(days=30))
    _bam(member, today - timedelta(days=14), use=0, risk=10, protective=14)
    _bam(member, today - timedelta(days=7), use=2, risk=13, protective=14)
    _looked(counselor, member, days_ago=5)
    client.force_login(counselor)

    first = client.get("/counselor/").content.decode()
    again = client.get("/counselor/").content.decode()  # its own rows never count as a look

    for page in (first, again):
        row = re.sub(r"\s+", " ", _row_html(page, "Alex"))
        assert "2 days ago" in row  # the last check-in
        assert 'last 14 days">3</td>' in row  # check-ins (the one 30 days ago left out)
        assert "HALT up to 1 of 4 quite or very" in row
        assert '2</span> <span class="small text-body-secondary">(+2)' in row  # BAM use
        assert '13</span> <span class="small text-body-secondary">(+3)' in row  # BAM risk
        assert "(no change)" in row  # protective factors
        assert row.count("past cut-off") == 2  # use 1+ and risk 12+ (measures.bam)
        assert "5 days ago</td>" in row  # you last looked


def _ids_read(sql: str) -> set[int]:
    """The member ids a query names (its ``member_id IN (...)`` lists)."""
    lists = re.findall(r'"member_id" IN \(([\d, ]+)\)', sql)
    return {int(pk) for found in lists for pk in found.split(",")}


def test_a_client_who_shares_nothing_but_engagement_shows_not_shared_and_nothing_is_read(
    client, member, counselor, other_member
):
    Consent.objects.get(member=member).revoke()
    CareAssignmentFactory(member=other_member, counselor=counselor)
    ConsentFactory(member=other_member, recipient=counselor)  # Sam shares everything
    for person in (member, other_member):
        open_alert(person, "physical", 1)
        CheckInFactory(member=person, craving=9, used_today=True)
        _report_of_use(person, local_date(person.timezone))
        _bam(person, local_date(person.timezone), use=8, risk=20, protective=2)
    client.force_login(counselor)

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/counselor/")

    # The BAM, the check-ins' content, reports of use and open alerts are read only for the
    # clients the gate granted that scope: Alex is not in those reads at all; Sam is.
    def reads_content(sql: str) -> bool:
        if '"__count"' in sql:  # the menu's count of open alerts asks the gate itself
            return False
        tables = ("measures_bamresult", "checkins_usereport", "alerts_alert")
        return any(f'FROM "{table}"' in sql for table in tables) or (
            'FROM "checkins_checkin"' in sql and '"craving"' in sql
        )

    content_reads = [q["sql"] for q in captured if reads_content(q["sql"])]
    assert len(content_reads) >= 5  # alerts, BAM, reports, the check-ins' two reads
    for sql in content_reads:
        assert other_member.pk in _ids_read(sql) and member.pk not in _ids_read(sql), sql
    rows = {r.client.display_name: r for r in response.context["clients"]}
    page = response.content.decode()
    # Not read: no alert stage, no sparkline, no BAM; their check-in day is engagement.
    assert (rows["Alex"].alert_stage, rows["Alex"].recent, rows["Alex"].bam) == (None,) * 3
    assert rows["Alex"].checkins_14 == 1 and "today" in _row_html(page, "Alex")
    assert _row_html(page, "Alex").count("Not shared") == 6  # all but engagement
    assert "past cut-off" not in _row_html(page, "Alex")
    # Sam, who shares, shows it all (Sam's row is first: the open alert, by need).
    assert rows["Sam"].alert_stage == "physical" and rows["Sam"].bam is not None
    assert "1 day with use" in _row_html(page, "Sam") and "past cut-off" in _row_html(page, "Sam")
    audited = AuditEvent.objects.filter(actor=counselor, member=member)
    assert list(audited.values_list("scope", flat=True)) == [Scope.ENGAGEMENT]


def test_by_need_the_most_pressing_comes_first(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    reviewed = {"finished": ALL_DONE, "reviewed": "reviewed"}

    def calm(name, *, looked_days_ago=0):
        member = _client_with_plan(counselor, name, **reviewed)
        CheckInFactory(member=member, local_date=local_date(member.timezone))
        if looked_days_ago is not None:
            _looked(counselor, member, days_ago=looked_days_ago)
        return member

    open_alert(calm("Emotional"), "emotional", 1)
    open_alert(calm("Physical"), "physical", 1)
    used = calm("Used")
    _report_of_use(used, local_date(used.timezone) - timedelta(days=3))
    _bam(calm("Bam"), local_date(used.timezone), use=0, risk=15, protective=18)
    quiet = _client_with_plan(counselor, "Quiet", **reviewed)
    CheckInFactory(member=quiet, local_date=local_date(quiet.timezone) - timedelta(days=4))
    member = _client_with_plan(counselor, "Awaiting", finished=ALL_DONE)
    CheckInFactory(member=member, local_date=local_date(member.timezone))
    calm("Looked long ago", looked_days_ago=20)
    calm("Never looked", looked_days_ago=None)
    calm("Looked today")
    client.force_login(counselor)

    response = client.get("/counselor/")

    assert [r.client.display_name for r in response.context["clients"]] == [
        "Physical",
        "Emotional",
        "Used",
        "Bam",
        "Quiet",
        "Awaiting",
        "Never looked",
        "Looked long ago",
        "Looked today",
    ]
    assert "Sorted by need:" in response.content.decode()


def _names(client, query):
    response = client.get("/counselor/", query)
    assert response.status_code == 200
    return [r.client.display_name for r in response.context["clients"]]


def test_each_column_sorts_both_ways_with_unshared_and_unknown_values_last(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    five_days_ago = program_today() - timedelta(days=5)  # all quiet for 3 days
    for name, craving in (("Ann", 2), ("Ben", 9), ("Cy", 5)):
        member = _client_with_plan(counselor, name, finished=None)
        CheckInFactory(member=member, craving=craving, local_date=five_days_ago)
    hidden = _client_with_plan(counselor, "Di", finished=None, shared=False)
    CheckInFactory(member=hidden, craving=10, local_date=five_days_ago)
    client.force_login(counselor)

    assert _names(client, {"sort": "craving", "dir": "desc"}) == ["Ben", "Cy", "Ann", "Di"]
    assert _names(client, {"sort": "craving", "dir": "asc"}) == ["Ann", "Cy", "Ben", "Di"]
    assert _names(client, {"sort": "name", "dir": "desc"}) == ["Di", "Cy", "Ben", "Ann"]
    # An unknown column or direction is the need order, never an error.
    assert _names(client, {"sort": "password", "dir": "sideways"}) == _names(client, {})
    page = client.get("/counselor/", {"sort": "craving", "dir": "desc", "quiet": "3"})
    html = page.content.decode()
    # The sorted column says so; its link turns the order round and keeps the filters.
    assert re.search(
        r'<th scope="col" aria-sort="descending"><a [^>]*href="\?quiet=3&amp;'
        r'sort=craving&amp;dir=asc#caseload-list">Craving and HALT',
        html,
    )
    assert html.count("aria-sort=") == 1
    assert "Sort by need</a>" in html


def test_the_plan_filter_shows_plans_waiting_for_the_counselors_review(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    _client_with_plan(counselor, "Ann", finished=ALL_DONE)
    _client_with_plan(counselor, "Ben", finished=ALL_DONE, reviewed="reviewed", changed_after=True)
    _client_with_plan(counselor, "Cy", finished=ALL_DONE, reviewed="reviewed")
    _client_with_plan(counselor, "Di", finished=["reasons"])
    client.force_login(counselor)
    assert _names(client, {"plan": "awaiting"}) == ["Ann", "Ben"]
    assert _names(client, {"plan": "awaiting", "sort": "name", "dir": "desc"}) == ["Ben", "Ann"]
    one_page = client.get("/counselor/", {"plan": "awaiting"}).content.decode()
    assert "page=" not in one_page and "Caseload pages" not in one_page  # no page links


def test_the_name_search_is_posted_kept_in_the_session_and_cleared(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    for name in ("Jordan Lee", "Jo Park", "Sam Rivers"):
        _client_with_plan(counselor, name, finished=None)
    client.force_login(counselor)

    response = client.post("/counselor/?quiet=3&sort=name&dir=desc&page=2", {"name": "  jo "})

    # Back to the first page of the same list; the name is in no URL.
    assert response.status_code == 302
    assert response["Location"] == "/counselor/?quiet=3&sort=name&dir=desc"
    assert _names(client, {"sort": "name", "dir": "desc"}) == ["Jordan Lee", "Jo Park"]
    page = client.get("/counselor/").content.decode()
    assert "Showing members whose name contains “jo”." in page
    assert not [url for url in re.findall(r'(?:href|action)="([^"]*)"', page) if "jo" in url]

    client.post("/counselor/", {"clear": "1"})
    assert len(_names(client, {})) == 3


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("lucia", ["Lucía Gómez"]),
        ("LUCÍA", ["Lucía Gómez"]),
        ("gomez", ["Lucía Gómez"]),
        ("zoe", ["Zoë Adams"]),
        ("luc", ["Lucía Gómez"]),
        ("noe", []),
    ],
)
def test_the_name_search_finds_names_with_or_without_accents(client, typed, found):
    counselor = UserFactory(role=Role.COUNSELOR)
    for name in ("Lucía Gómez", "Zoë Adams", "Noah Kim"):
        _client_with_plan(counselor, name, finished=None)
    client.force_login(counselor)

    client.post("/counselor/", {"name": typed})

    assert _names(client, {"sort": "name"}) == found


def test_a_search_too_long_says_so_and_changes_nothing(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    _client_with_plan(counselor, "Jordan Lee", finished=None)
    _client_with_plan(counselor, "Sam Rivers", finished=None)
    client.force_login(counselor)
    client.post("/counselor/", {"name": "Sam"})

    response = client.post("/counselor/", {"name": "x" * 61})

    assert response.status_code == 200
    assert "60" in response.content.decode()  # the limit, said plainly by the field
    assert 'aria-describedby="caseload-search-help caseload-search-errors"' in (
        response.content.decode()
    )
    assert client.session["caseload_search"] == "Sam"
    assert _names(client, {}) == ["Sam Rivers"]


def test_show_everyone_after_a_search_with_no_match_clears_the_search(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    for name in ("Jordan Lee", "Sam Rivers"):
        _client_with_plan(counselor, name, finished=None)
    client.force_login(counselor)
    client.post("/counselor/?plan=awaiting", {"name": "zed"})
    page = client.get("/counselor/", {"plan": "awaiting"}).content.decode()
    assert "Nobody on your care team matches these filters right now." in page
    [show_everyone] = re.findall(r'<a href="([^"]*)">Show everyone</a>', page)

    response = client.get(show_everyone.replace("&amp;", "&"))

    assert response.status_code == 302
    assert response["Location"] == "/counselor/"
    assert "caseload_search" not in client.session
    assert sorted(_names(client, {})) == ["Jordan Lee", "Sam Rivers"]


def test_an_active_search_shows_a_banner_that_clears_it(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    for name in ("Jordan Lee", "Sam Rivers"):
        _client_with_plan(counselor, name, finished=None)
    client.force_login(counselor)
    client.post("/counselor/", {"name": "jor"})

    page = client.get("/counselor/").content.decode()

    [banner] = re.findall(r'<div [^>]*role="status" id="caseload-searched">.*?</div>', page, re.S)
    assert "Showing members whose name contains “jor”." in banner
    assert 'name="clear"' in banner and "Clear the search</button>" in banner
    assert (
        "caseload-searched"
        not in client.get("/counselor/?search=clear", follow=True).content.decode()
    )


def test_the_main_navigation_opens_the_caseload_afresh_but_back_to_caseload_keeps_the_search(
    client,
):
    counselor = UserFactory(role=Role.COUNSELOR)
    jordan = _client_with_plan(counselor, "Jordan Lee", finished=None)
    _client_with_plan(counselor, "Sam Rivers", finished=None)
    client.force_login(counselor)
    client.post("/counselor/", {"name": "jor"})

    # From a client's page, "Back to caseload" comes back to the search (banner and all).
    client_page = client.get(f"/counselor/clients/{jordan.pk}/").content.decode()
    assert re.search(r'<a href="/counselor/">Back to caseload</a>', client_page)
    assert _names(client, {}) == ["Jordan Lee"]
    # The main navigation's "Caseload" forgets it: everyone again, with the filters kept.
    [nav] = re.findall(r'<a class="nav-link" href="([^"]*)"[^>]*>Caseload</a>', client_page)
    assert nav == "/counselor/?search=clear"
    response = client.get(nav)
    assert response["Location"] == "/counselor/"
    assert "caseload_search" not in client.session
    assert sorted(_names(client, {})) == ["Jordan Lee", "Sam Rivers"]
    kept = client.get("/counselor/?search=clear&quiet=3&sort=name&dir=desc")
    assert kept["Location"] == "/counselor/?quiet=3&sort=name&dir=desc"


def test_needs_your_attention_is_the_urgent_part_of_the_need_order(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    today = program_today()
    people = {
        name: _client_with_plan(counselor, name, finished=finished)
        for name, finished in (
            ("Alerted", None),
            ("Awaiting", ALL_DONE),
            ("Bammed", None),
            ("Calm", None),
            ("Quiet", None),
            ("Used", None),
        )
    }
    for name, member in people.items():
        days_ago = 5 if name == "Quiet" else 0  # more than 3 days without a check-in
        CheckInFactory(member=member, local_date=today - timedelta(days=days_ago), craving=1)
    open_alert(people["Alerted"], "emotional", 1)
    _report_of_use(people["Used"], local_date(people["Used"].timezone) - timedelta(days=10))
    _bam(people["Bammed"], local_date(people["Bammed"].timezone), use=2)  # past the cut-off
    client.force_login(counselor)

    attention = _names(client, {"show": "attention"})

    assert sorted(attention) == ["Alerted", "Awaiting", "Bammed", "Quiet", "Used"]
    # In the need order, and everyone who needs you comes before everyone who does not.
    assert _names(client, {}) == [*attention, "Calm"]


def test_the_last_check_in_column_sorts_as_its_arrow_and_aria_sort_say(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    today = program_today()
    for name, days_ago in (("Ann", 1), ("Ben", 9), ("Cy", 5)):
        member = _client_with_plan(counselor, name, finished=None)
        CheckInFactory(member=member, local_date=today - timedelta(days=days_ago))
    _client_with_plan(counselor, "Di", finished=None)  # never checked in: last either way
    client.force_login(counselor)

    first = re.search(
        r'href="(\?[^"]*)">Last check-in</a>', client.get("/counselor/").content.decode()
    )
    response = client.get("/counselor/" + first.group(1).replace("&amp;", "&"))
    html = response.content.decode()

    # The first click: the oldest first, said as ascending, with the up arrow.
    # (Ending at the list, so the page opens there and Tab goes on into it.)
    assert first.group(1) == "?sort=last_checkin&amp;dir=asc#caseload-list"
    assert 'id="caseload-list"' in html and 'action="#caseload-list"' in html
    assert [r.client.display_name for r in response.context["clients"]] == [
        "Ben",
        "Cy",
        "Ann",
        "Di",
    ]
    assert re.search(
        r'aria-sort="ascending"><a [^>]*>Last check-in <span aria-hidden="true">▲</span>', html
    )
    # Again: the most recent first, descending, the down arrow.
    assert _names(client, {"sort": "last_checkin", "dir": "desc"}) == ["Ann", "Cy", "Ben", "Di"]
    html = client.get("/counselor/", {"sort": "last_checkin", "dir": "desc"}).content.decode()
    assert re.search(
        r'aria-sort="descending"><a [^>]*>Last check-in <span aria-hidden="true">▼</span>', html
    )


def test_the_sparkline_has_one_visible_legend_in_words_above_the_list(client, member, counselor):
    CheckInFactory(member=member, craving=4)
    client.force_login(counselor)

    html = client.get("/counselor/").content.decode()

    [legend] = re.findall(r'<p class="small caseload-legend".*?</p>', html, re.S)
    words = re.sub(r"<[^>]+>|\s+", " ", legend)
    assert "craving, 0 to 10 (solid line)" in words
    assert "HALT states felt quite or very, 0 to 4 (dashed line)" in words
    assert "a day with use (upright mark)" in words
    assert html.index("caseload-legend") < html.index("<table")
    assert 'stroke-dasharray="3 2"' in legend  # the samples drawn as the lines are


def test_the_need_order_has_one_direction(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    _client_with_plan(counselor, "Ann", finished=ALL_DONE)  # awaiting review: first
    _client_with_plan(counselor, "Ben", finished=None)
    client.force_login(counselor)

    # The phone's "Order" box is hidden beside "Need"; a direction it still sends is ignored.
    assert _names(client, {"sort": "need", "dir": "desc"}) == ["Ann", "Ben"]
    assert (
        'class="col-auto caseload-sort caseload-dir"' in client.get("/counselor/").content.decode()
    )


def test_each_client_s_two_weeks_are_their_own_days_in_every_time_zone(client, time_machine):
    # 10:30 UTC: still the 6th in Pago Pago, the 7th in New York, already the 8th on
    # Kiritimati. Each client's window is their own last 14 days, whatever the program's.
    time_machine.move_to(datetime(2026, 12, 7, 10, 30, tzinfo=UTC), tick=False)
    counselor = UserFactory(role=Role.COUNSELOR)
    zones = {
        "NY 1": "America/New_York",
        "NY 2": "America/New_York",
        "Pago": "Pacific/Pago_Pago",
        "Kiri": "Pacific/Kiritimati",
    }
    cravings = {"NY 1": 3, "NY 2": 4, "Pago": 5, "Kiri": 6}
    for name, zone in zones.items():
        member = _client_with_plan(counselor, name, finished=ALL_DONE, reviewed="reviewed")
        User.objects.filter(pk=member.pk).update(timezone=zone)
        today = local_date(zone)
        # The day before their own two weeks: a higher craving and a use, neither counted.
        CheckInFactory(
            member=member, local_date=today - timedelta(days=14), craving=10, used_today=True
        )
        CheckInFactory(member=member, local_date=today - timedelta(days=13), craving=cravings[name])
        CheckInFactory(member=member, local_date=today, craving=0)
        _looked(counselor, member, days_ago=0)
    client.force_login(counselor)

    rows = client.get("/counselor/", {"sort": "craving", "dir": "desc"}).context["clients"]

    assert [r.client.display_name for r in rows] == ["Kiri", "Pago", "NY 2", "NY 1"]
    assert [(r.recent.highest, r.recent.checkins, r.recent.use_count) for r in rows] == [
        (6, 2, 0),
        (5, 2, 0),
        (4, 2, 0),
        (3, 2, 0),
    ]
    # The check-ins column counts care-team (program) days, as "days ago" does: New York's
    # two weeks began on Nov 24, which takes in Kiritimati's first day and not Pago Pago's.
    assert [r.checkins_14 for r in rows] == [3, 1, 2, 2]
    # Nobody used in their own two weeks, and nothing else needs the counselor.
    assert list(client.get("/counselor/", {"show": "attention"}).context["clients"]) == []


def test_back_to_caseload_returns_to_the_filters_order_and_page_the_counselor_left(client):
    counselor = UserFactory(role=Role.COUNSELOR)
    members = [_needy_client(counselor, i) for i in range(30)]
    client.force_login(counselor)
    view = {"show": "attention", "sort": "last_checkin", "dir": "desc", "page": "2"}
    client.get("/counselor/", view)

    page = client.get(f"/counselor/clients/{members[0].pk}/").content.decode()

    back = re.search(r'<a href="([^"]*)">Back to caseload</a>', page).group(1)
    assert back.replace("&amp;", "&") == (
        "/counselor/?show=attention&sort=last_checkin&dir=desc&page=2"
    )
    # The session is written when the view changes, and not when it is seen again.
    for seen, writes in ((1, 1), (2, 0)):
        with CaptureQueriesContext(connection) as captured:
            client.get("/counselor/", {"sort": "name", "dir": "desc"})
        updates = [q for q in captured if q["sql"].startswith('UPDATE "django_session"')]
        assert len(updates) == writes, seen
    page = client.get(f"/counselor/clients/{members[0].pk}/").content.decode()
    assert 'href="/counselor/?sort=name&amp;dir=desc">Back to caseload' in page


def test_back_to_caseload_is_the_plain_caseload_before_any_visit(client, member, counselor):
    client.force_login(counselor)
    page = client.get(f"/counselor/clients/{member.pk}/").content.decode()
    assert '<a href="/counselor/">Back to caseload</a>' in page
