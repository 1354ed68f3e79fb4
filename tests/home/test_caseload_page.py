"""The caseload (home.views counselor_caseload): what needs the counselor first, each part of a
client's record only where it is shared and audited, in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditEvent, Consent, Role, Scope
from alerts.models import Alert
from checkins.models import UseKind, UseReport
from checkins.progress import local_date
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
    assert ("Not shared with you" in page) is not plan
    assert ("Physical stage" in page) is alerts
    audited = set(AuditEvent.objects.filter(actor=counselor, member=member).values_list("scope"))
    assert audited == {(s,) for s, shown in [(Scope.PLAN, plan), (Scope.ALERTS, alerts)] if shown}


ALL_DONE = [s.key for s in SECTIONS]


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


def test_the_caseload_uses_a_constant_number_of_queries(client, django_assert_num_queries):
    counselor = UserFactory(role=Role.COUNSELOR)
    client.force_login(counselor)
    _client_with_plan(counselor, "Ann", finished=ALL_DONE, reviewed="reviewed")
    # session, user, second-factor device, caseload, check-ins and reports for the
    # sparklines, alert count, and for plans, alerts and check-ins shown each: the consents
    # relied on (for the audit and the redisclosure notice) and one audit insert
    with django_assert_num_queries(13) as few:
        client.get("/counselor/")
    for i in range(15):
        member = _client_with_plan(
            counselor, f"M{i}", finished=ALL_DONE, reviewed="reviewed" if i % 2 else None
        )
        CheckInFactory(member=member, craving=i % 11, used_today=i % 3 == 0)
        _report_of_use(member, local_date(member.timezone))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/counselor/")
    assert len(response.context["clients"]) == 16


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

    with django_assert_max_num_queries(13):
        response = client.get("/counselor/")

    page = response.content.decode()
    rows = {r.client: r for r in response.context["clients"]}
    line = rows[member].recent
    assert (line.checkins, line.highest, line.use_count) == (4, 8, 1)  # 20 days ago left out
    assert 'aria-label="4 check-ins, highest craving 8 of 10; 1 day with use"' in page
    assert rows[other_member].recent is None
    assert "highest craving 10" not in page
    audited = AuditEvent.objects.filter(actor=counselor, scope=Scope.CHECKINS)
    assert list(audited.values_list("member", flat=True)) == [member.pk]
