"""The counselor's inbox: only clients who share alerts, most urgent first, audited."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditEvent, Consent, Scope
from alerts.models import Alert
from plans.demo import ALEX_PLAN
from plans.versions import write_plan
from stepping_up.models import CareRequest
from tests.alerts.helpers import open_alert
from tests.factories import CareAssignmentFactory, ConsentFactory, UserFactory
from tests.stepping_up.helpers import a_recommendation, a_request

pytestmark = pytest.mark.django_db


def test_physical_then_mental_then_emotional_oldest_first(client, member, counselor):
    other = UserFactory(display_name="Bo", program=member.program)
    CareAssignmentFactory(counselor=counselor, member=other)
    ConsentFactory(member=other, recipient=counselor)
    open_alert(member, "emotional", 30)
    open_alert(member, "mental", 2)
    open_alert(other, "mental", 5)
    open_alert(other, "physical", 1)
    client.force_login(counselor)
    response = client.get("/alerts/")
    got = [(r.alert.member.display_name, r.alert.stage) for r in response.context["rows"]]
    assert got == [("Bo", "physical"), ("Bo", "mental"), ("Alex", "mental"), ("Alex", "emotional")]
    assert AuditEvent.objects.filter(actor=counselor, action="view_alerts").count() == 2
    assert 'text-bg-warning">4<' in response.content.decode()  # the count in the navigation


def test_clients_who_do_not_share_alerts_are_not_in_it(client, member, counselor):
    open_alert(member, "mental", 1)
    Consent.objects.get(member=member).revoke()
    ConsentFactory(member=member, recipient=counselor, scope_alerts=False)
    client.force_login(counselor)
    assert client.get("/alerts/").context["rows"] == []
    alert = Alert.objects.get()
    assert client.post(f"/alerts/{alert.pk}/", {"action": "resolve"}).status_code == 404
    alert.refresh_from_db()
    assert alert.status == "open"


def test_other_counselors_and_members_cannot_touch_an_alert(
    client, member, counselor, other_member
):
    alert = open_alert(member, "physical", 1)
    client.force_login(UserFactory(role="counselor"))
    assert client.post(f"/alerts/{alert.pk}/", {"action": "resolve"}).status_code == 404
    client.force_login(member)
    assert client.get("/alerts/").status_code == 403
    alert.refresh_from_db()
    assert alert.status == "open"


def test_acting_on_an_alert_resolved_in_another_tab_says_so_and_changes_nothing(
    client, member, counselor
):
    alert = open_alert(member, "mental", 1)
    client.force_login(counselor)
    client.post(f"/alerts/{alert.pk}/", {"action": "resolve", "note": "Called them"})
    # The second tab still shows the alert; its Acknowledge comes after the resolve.
    response = client.post(
        f"/alerts/{alert.pk}/", {"action": "acknowledge", "note": "Again", "page": "1"}, follow=True
    )
    assert response.redirect_chain == [("/alerts/", 302)]
    assert "This alert was already resolved. Nothing was changed." in response.content.decode()
    alert.refresh_from_db()
    assert (alert.status, alert.note, alert.resolution_note) == ("resolved", "", "Called them")
    assert not AuditEvent.objects.filter(action="acknowledge_alert").exists()
    # A counselor who never saw this member's alerts still gets "not found".
    client.force_login(UserFactory(role="counselor"))
    assert client.post(f"/alerts/{alert.pk}/", {"action": "resolve"}).status_code == 404


def test_acknowledge_with_a_note_then_resolve(client, member, counselor):
    write_plan(member, {"actions": ALEX_PLAN["actions"]}, author=member, finished=[])
    alert = open_alert(member, "mental", 1)
    client.force_login(counselor)
    page = client.get("/alerts/").content.decode()
    assert "I deposit the cash straight away" in page  # the member's own plan steps
    client.post(
        f"/alerts/{alert.pk}/", {"action": "acknowledge", "note": "Called; seeing them Thursday"}
    )
    alert.refresh_from_db()
    assert (alert.status, alert.acknowledged_by, alert.note) == (
        "acknowledged",
        counselor,
        "Called; seeing them Thursday",
    )
    client.post(f"/alerts/{alert.pk}/", {"action": "resolve"})
    alert.refresh_from_db()
    assert alert.status == "resolved"
    assert set(AuditEvent.objects.filter(scope=Scope.ALERTS).values_list("action", flat=True)) >= {
        "acknowledge_alert",
        "resolve_alert",
    }
    assert client.get("/alerts/").context["rows"] == []


@pytest.mark.parametrize(
    "posted",
    [{}, {"note": "Called them"}, {"action": ""}, {"action": "delete"}, {"action": "RESOLVE"}],
    ids=["nothing", "note-only", "empty-action", "unknown-action", "wrong-case"],
)
def test_a_post_without_a_known_action_changes_nothing(client, member, counselor, posted):
    alert = open_alert(member, "mental", 1)
    client.force_login(counselor)
    response = client.post(f"/alerts/{alert.pk}/", posted, follow=True)
    assert "Choose Acknowledge or Resolve. Nothing was changed." in response.content.decode()
    alert.refresh_from_db()
    assert (alert.status, alert.note, alert.resolution_note) == ("open", "", "")
    assert not AuditEvent.objects.filter(action__endswith="_alert").exists()


@pytest.mark.parametrize("note", ["Called\x00 them", "x" * 1001], ids=["nul", "too-long"])
def test_a_note_with_a_nul_byte_or_too_long_is_refused_with_a_message(
    client, member, counselor, note
):
    alert = open_alert(member, "mental", 1)
    client.force_login(counselor)
    response = client.post(f"/alerts/{alert.pk}/", {"action": "resolve", "note": note}, follow=True)
    assert response.status_code == 200
    assert response.context["messages"]  # the reason is on the page
    alert.refresh_from_db()
    assert alert.status == "open"
    # The same counselor's next, well-formed step works.
    client.post(f"/alerts/{alert.pk}/", {"action": "resolve", "note": "Called them"})
    alert.refresh_from_db()
    assert (alert.status, alert.resolution_note) == ("resolved", "Called them")


STEP = "I deposit the cash straight away"  # one of the member's own action steps


@pytest.mark.parametrize("shares_plan", [True, False], ids=["plan-shared", "alerts-only"])
def test_plan_steps_show_only_to_a_counselor_the_plan_is_shared_with(
    client, member, counselor, shares_plan
):
    write_plan(member, {"actions": ALEX_PLAN["actions"]}, author=member, finished=[])
    open_alert(member, "mental", 1)
    if not shares_plan:
        Consent.objects.get(member=member).revoke()
        ConsentFactory(member=member, recipient=counselor, scope_plan=False)
    client.force_login(counselor)

    response = client.get("/alerts/")

    page = response.content.decode()
    [row] = response.context["rows"]
    assert "mental signal for Alex" in page  # the alert itself shows either way
    assert (STEP in page) is shares_plan
    assert ("Their plan says:" in page) is shares_plan
    assert bool(row.steps) is shares_plan
    shown = AuditEvent.objects.filter(actor=counselor, member=member, scope=Scope.PLAN)
    assert list(shown.values_list("action", flat=True)) == (
        ["view_alert_plan_steps"] if shares_plan else []
    )
    assert AuditEvent.objects.filter(actor=counselor, scope=Scope.ALERTS).count() == 1


def test_plan_steps_for_many_clients_are_audited_in_one_go(client, member, counselor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sharing = [member]
    for n in range(3):
        other = UserFactory(display_name=f"Client {n}", program=member.program)
        CareAssignmentFactory(counselor=counselor, member=other)
        ConsentFactory(member=other, recipient=counselor, scope_plan=n != 0)
        if n != 0:
            sharing.append(other)
        write_plan(other, {"actions": ALEX_PLAN["actions"]}, author=other, finished=[])
        open_alert(other, "mental", 1)
    write_plan(member, {"actions": ALEX_PLAN["actions"]}, author=member, finished=[])
    open_alert(member, "mental", 1)
    client.force_login(counselor)

    with CaptureQueriesContext(connection) as seen:
        client.get("/alerts/")

    audited = AuditEvent.objects.filter(action="view_alert_plan_steps")
    assert set(audited.values_list("member", flat=True)) == {m.pk for m in sharing}
    inserts = [q for q in seen if 'INSERT INTO "accounts_auditevent"' in q["sql"]]
    assert len(inserts) == 1  # alerts shown and plan steps shown, in one insert
    assert AuditEvent.objects.filter(action="view_alerts").count() == 4


def test_the_inbox_badge_names_the_stage_in_its_colour(client, member, counselor):
    open_alert(member, "mental", 1)
    open_alert(member, "physical", 2)
    client.force_login(counselor)
    page = client.get("/alerts/").content.decode()
    physical = page.index('<span class="badge text-bg-danger">Physical stage</span>')
    assert physical < page.index('<span class="badge text-bg-warning">Mental stage</span>')


def test_each_alert_shows_the_recent_trend_only_to_those_who_see_check_ins(
    client, member, counselor
):
    from checkins.progress import local_date
    from tests.factories import CheckInFactory

    today = local_date(member.timezone)
    for ago, craving in [(2, 3), (1, 6), (0, 8)]:
        CheckInFactory(member=member, local_date=today - timedelta(days=ago), craving=craving)
    open_alert(member, "mental", 1)
    client.force_login(counselor)

    [row] = client.get("/alerts/").context["rows"]

    assert [c.craving for c in row.trend] == [3, 6, 8]
    assert AuditEvent.objects.filter(actor=counselor, action="view_alert_trend").count() == 1

    Consent.objects.get(member=member).revoke()
    ConsentFactory(member=member, recipient=counselor, scope_checkins=False)
    [row] = client.get("/alerts/").context["rows"]
    assert row.trend == ()
    assert "Last check-ins:" not in client.get("/alerts/").content.decode()


def test_it_says_who_was_told_and_when_it_was_escalated(client, member, counselor, mailoutbox):
    from alerts.notify import escalate, tell_care_team, tell_supporters
    from contacts.models import SupportContact

    UserFactory(role="counselor", on_call=True, program=member.program, display_name="Dee")
    SupportContact.objects.create(
        member=member,
        name="Jo",
        relationship="friend",
        phone="+12025550143",
        may_be_told=True,
        auto_alerts=True,
    )
    alert = open_alert(member, "physical", 2)
    tell_care_team(alert.pk)
    tell_supporters(alert.pk)
    escalate(alert.pk)
    client.force_login(counselor)

    page = client.get("/alerts/").content.decode()

    assert "Counselor Casey (sent)" in page
    assert "Support contact (sent)" in page
    # Who the member's supporters are is not part of an alert. Attribute values are left
    # out: a random CSRF token can hold the letters "Jo".
    assert "Jo" not in re.sub(r'value="[^"]*"', "", page)
    assert "On-call counselor Dee (sent)" in page
    assert "Escalated to on call" in page


def test_a_notice_whose_outcome_is_unknown_says_it_may_not_have_been_sent(
    client, member, counselor, mailoutbox
):
    from alerts.notify import escalate, tell_care_team
    from messaging.models import Delivery

    UserFactory(role="counselor", on_call=True, program=member.program, display_name="Dee")
    alert = open_alert(member, "physical", 2)
    tell_care_team(alert.pk)
    escalate(alert.pk)
    # Casey's email: its worker died mid-send and the lease ran out (messaging.outbox).
    Delivery.objects.filter(to_user=counselor).update(status="unknown")
    client.force_login(counselor)

    page = client.get("/alerts/").content.decode()

    assert "Counselor Casey (may not have been sent)" in page
    assert "On-call counselor Dee (sent)" in page


def test_on_call_counselors_see_waiting_alerts_they_cannot_open_without_content(
    client, member, counselor, django_assert_max_num_queries
):
    on_call = UserFactory(role="counselor", on_call=True, program=member.program)
    alert = open_alert(member, "physical", 3)
    Alert.objects.filter(pk=alert.pk).update(escalated_at=timezone.now())
    client.force_login(on_call)

    response = client.get("/alerts/")

    page = response.content.decode()
    assert response.context["rows"] == []
    assert [w.team for w in response.context["waiting"]] == [("Casey",)]
    assert "care team: Casey" in page
    assert member.display_name not in page
    assert "physical signal" not in page
    assert not AuditEvent.objects.filter(actor=on_call).exists()


def test_the_inbox_costs_the_same_queries_for_one_client_or_five(client, member, counselor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alerts.notify import tell_care_team

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get("/alerts/").status_code == 200
        return len(seen)

    tell_care_team(open_alert(member, "mental", 1).pk)
    client.force_login(counselor)
    one = queries()
    for n in range(4):
        other = UserFactory(display_name=f"Client {n}", program=member.program)
        CareAssignmentFactory(counselor=counselor, member=other)
        ConsentFactory(member=other, recipient=counselor)
        tell_care_team(open_alert(other, "physical", n).pk)
    assert queries() == one


def test_a_counselor_without_an_urgent_number_is_offered_texts_until_they_add_one(
    client, counselor, settings
):
    offer = "Add a number for urgent alerts"
    client.force_login(counselor)
    assert offer in client.get("/alerts/").content.decode()

    counselor.urgent_phone = "+12025550188"
    counselor.save()
    assert offer not in client.get("/alerts/").content.decode()

    # Where texts are not set up, nothing is offered that could not be kept.
    counselor.urgent_phone = ""
    counselor.save()
    settings.WAYPOINT_SMS_BACKEND = "messaging.transports.DisabledSmsBackend"
    assert offer not in client.get("/alerts/").content.decode()


# --- Requests for more support (stepping_up): plan scope, audited, constant queries ----------


def test_open_requests_for_more_support_are_listed_and_audited(client, member, counselor):
    a_request(member, "iop")
    client.force_login(counselor)
    page = client.get("/alerts/").content.decode()
    assert "Asking for more support" in page
    assert f'href="/counselor/clients/{member.pk}/#stepping-up">Alex</a>' in page
    assert "has in mind: Intensive outpatient (IOP) · asked" in page
    assert (
        AuditEvent.objects.filter(
            actor=counselor, member=member, action="view_care_requests", scope=Scope.PLAN
        ).count()
        == 1
    )


def test_answered_requests_and_members_not_sharing_the_plan_are_not_listed(
    client, member, counselor
):
    other = UserFactory(display_name="Bo", program=member.program)
    CareAssignmentFactory(counselor=counselor, member=other)
    ConsentFactory(member=other, recipient=counselor, scope_plan=False)
    CareRequest.objects.create(member=other, level="php", origin="plan")
    answered = a_request(member, "iop")
    a_recommendation(counselor, member)
    client.force_login(counselor)
    response = client.get("/alerts/")
    assert response.context["care_requests"] == []
    assert "Asking for more support" not in response.content.decode()
    answered.refresh_from_db()
    assert not answered.is_open
    assert not AuditEvent.objects.filter(action="view_care_requests").exists()


def test_the_requests_take_the_same_queries_however_many(
    client, member, counselor, django_assert_max_num_queries
):
    a_request(member)
    client.force_login(counselor)
    with django_assert_max_num_queries(40) as few:
        client.get("/alerts/")
    for _ in range(4):
        other = UserFactory(program=member.program)
        CareAssignmentFactory(counselor=counselor, member=other)
        ConsentFactory(member=other, recipient=counselor)
        a_request(other, "php")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/alerts/")
    assert len(response.context["care_requests"]) == 5


def _clients_with_alerts(counselor, program, count, stage="mental"):
    alerts = []
    for n in range(count):
        person = UserFactory(display_name=f"Client {n:02d}", program=program)
        CareAssignmentFactory(counselor=counselor, member=person)
        ConsentFactory(member=person, recipient=counselor)
        alerts.append(open_alert(person, stage, 100 - n))  # Client 00 waits longest
    return alerts


def test_the_inbox_shows_ten_cards_a_page_and_the_second_page_the_rest(client, member, counselor):
    alerts = _clients_with_alerts(counselor, member.program, 13)
    client.force_login(counselor)

    first, second = client.get("/alerts/"), client.get("/alerts/?page=2")

    shown = [[r.alert.pk for r in p.context["rows"]] for p in (first, second)]
    assert shown == [[a.pk for a in alerts[:10]], [a.pk for a in alerts[10:]]]
    page = first.content.decode()
    assert '<nav aria-label="Alert pages">' in page
    # Each page link ends at the list of alerts, so the next page opens there.
    assert 'aria-current="page" href="?page=1#alert-list"' in page
    assert 'rel="next" href="?page=2#alert-list"' in page and '<div id="alert-list">' in page
    assert page.count('name="action" value="resolve"') == 10  # each card on it can be acted on
    # Only the alerts shown are audited, one event each.
    viewed = AuditEvent.objects.filter(actor=counselor, action="view_alerts")
    assert viewed.count() == 13
    assert sorted(viewed.values_list("member", flat=True)) == sorted(a.member_id for a in alerts)
    # The count in the navigation is every open alert, not just the page's.
    assert 'text-bg-warning">13<' in page


@pytest.mark.parametrize(("asked", "expected"), [("7", 2), ("x", 1), ("-3", 1), ("0", 1), ("2", 2)])
def test_an_inbox_page_out_of_range_or_not_a_number_shows_a_real_page(
    client, member, counselor, asked, expected
):
    _clients_with_alerts(counselor, member.program, 13)
    client.force_login(counselor)
    response = client.get("/alerts/", {"page": asked})
    assert response.status_code == 200
    assert response.context["listing"].page.number == expected


def test_the_inbox_filters_by_stage_and_by_new_or_acknowledged(client, member, counselor):
    physical = open_alert(member, "physical", 3)
    [mental, acknowledged] = _clients_with_alerts(counselor, member.program, 2)
    client.force_login(counselor)
    client.post(f"/alerts/{acknowledged.pk}/", {"action": "acknowledge"})

    def shown(query):
        response = client.get("/alerts/", query)
        assert response.status_code == 200
        return [r.alert.pk for r in response.context["rows"]]

    assert shown({}) == [physical.pk, mental.pk, acknowledged.pk]
    assert shown({"stage": "mental"}) == [mental.pk, acknowledged.pk]
    assert shown({"status": "open"}) == [physical.pk, mental.pk]
    assert shown({"status": "acknowledged"}) == [acknowledged.pk]
    assert shown({"stage": "emotional"}) == []
    assert shown({"stage": "Physical", "status": "resolved"}) == shown({})  # unknown: ignored
    empty = client.get("/alerts/", {"stage": "emotional"}).content.decode()
    assert "No open alerts match these filters." in empty


def test_acting_on_an_alert_returns_to_the_same_filtered_page(client, member, counselor):
    alerts = _clients_with_alerts(counselor, member.program, 13)
    client.force_login(counselor)
    page = client.get("/alerts/", {"stage": "mental", "page": "2"}).content.decode()
    assert '<input type="hidden" name="page" value="2">' in page
    response = client.post(
        f"/alerts/{alerts[11].pk}/",
        {"action": "acknowledge", "stage": "mental", "page": "2", "note": "Called them"},
    )
    assert response.url == "/alerts/?stage=mental&page=2"
    alerts[11].refresh_from_db()
    assert alerts[11].status == "acknowledged"
    # Nothing but known filter names and a page number goes back into the URL.
    response = client.post(
        f"/alerts/{alerts[12].pk}/", {"action": "resolve", "note": "Relapsed", "page": "2'"}
    )
    assert response.url == "/alerts/"


def test_an_inbox_page_costs_the_same_queries_for_3_or_25_alerts(client, member, counselor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(query) -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get("/alerts/", query).status_code == 200
        return len(seen)

    write_plan(member, {"actions": ALEX_PLAN["actions"]}, author=member, finished=[])
    open_alert(member, "physical", 1)
    _clients_with_alerts(counselor, member.program, 2)
    client.force_login(counselor)
    few = queries({}), queries({"stage": "mental", "status": "open"})
    _clients_with_alerts(counselor, member.program, 22)
    assert (queries({}), queries({"stage": "mental", "status": "open"})) == few
