"""The client page (home.views client_detail, client_history): each part of a client's record
only where it is shared, through the gate, audited, in a constant number of queries."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import REFUSED, AuditEvent, Consent, Role, Scope
from plans.models import Plan, PlanComment, PlanReview
from plans.versions import write_plan
from stepping_up.models import CareRequest
from tests.checkins.helpers import record_use
from tests.factories import CareAssignmentFactory, ConsentFactory, UserFactory
from tests.stepping_up.helpers import a_recommendation, a_request

pytestmark = pytest.mark.django_db


def _page(client, viewer, member):
    client.force_login(viewer)
    return client.get(f"/counselor/clients/{member.pk}/")


def test_a_counselor_with_consent_sees_the_plan_and_it_is_audited(client, member, counselor, plan):
    response = _page(client, counselor, member)
    assert "Being there for Theo" in response.content.decode()
    actions = set(
        AuditEvent.objects.filter(actor=counselor, member=member).values_list("action", "scope")
    )
    assert actions == {
        ("view_client", Scope.ENGAGEMENT),
        ("view_plan", Scope.PLAN),
        ("view_checkins", Scope.CHECKINS),
        ("view_bam", Scope.CHECKINS),
    }


def test_without_plan_consent_the_counselor_sees_no_content(client, member, plan):
    counselor = CareAssignmentFactory(member=member).counselor
    ConsentFactory(member=member, recipient=counselor, scope_plan=False)
    page = _page(client, counselor, member).content.decode()
    assert "Being there for Theo" not in page
    assert "has not shared their plan" in page
    assert not AuditEvent.objects.filter(scope=Scope.PLAN).exists()
    assert client.get(f"/counselor/clients/{member.pk}/plan/history/").status_code == 404


def test_after_revocation_the_plan_is_closed_at_once(client, member, counselor, plan):
    Consent.objects.get(member=member).revoke()
    page = _page(client, counselor, member).content.decode()
    assert "Being there for Theo" not in page


@pytest.mark.parametrize("who", ["another_member", "unassigned_counselor", "coordinator"])
def test_outsiders_get_404_and_nothing_is_recorded(client, member, plan, who):
    viewer = {
        "another_member": lambda: UserFactory(role=Role.MEMBER),
        "unassigned_counselor": lambda: UserFactory(role=Role.COUNSELOR),
        "coordinator": lambda: UserFactory(role=Role.COORDINATOR, program=member.program),
    }[who]()
    client.force_login(viewer)
    urls = [
        f"/counselor/clients/{member.pk}/",
        f"/counselor/clients/{member.pk}/plan/history/",
    ]
    for url in urls:
        assert client.get(url).status_code in (403, 404), url
    for url in (
        f"/counselor/clients/{member.pk}/plan/review/",
        f"/counselor/clients/{member.pk}/plan/comments/",
    ):
        assert client.post(
            url, {"status": "reviewed", "section": "reasons", "body": "x"}
        ).status_code in (403, 404)
    assert not PlanReview.objects.exists() and not PlanComment.objects.exists()
    # Nothing was seen; a counselor's attempts (past the role check) are kept as refused.
    seen = AuditEvent.objects.exclude(action=REFUSED)
    assert not seen.exists()
    refused = AuditEvent.objects.filter(action=REFUSED, actor=viewer, member=member)
    assert refused.count() == (4 if who == "unassigned_counselor" else 0)


def test_the_client_page_uses_a_constant_number_of_queries(
    client, member, counselor, django_assert_max_num_queries
):
    write_plan(member, {"reasons": [{"text": "x"}]}, author=member, finished=[])
    client.force_login(counselor)
    with django_assert_max_num_queries(30) as few:
        client.get(f"/counselor/clients/{member.pk}/")
    plan = Plan.objects.get()
    for i in range(12):
        plan.comments.create(section="reasons", author=counselor, body=f"c{i}", version_number=1)
        plan.reviews.create(version_number=1, counselor=counselor, status="reviewed")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/counselor/clients/{member.pk}/")


def test_the_counselor_sees_check_ins_and_reports_only_with_consent(client, member, counselor):
    client.force_login(member)
    record_use(client, notes="Told my sponsor")
    client.force_login(counselor)
    page = client.get(f"/counselor/clients/{member.pk}/").content.decode()
    assert "Told my sponsor" in page and "Returns to use" in page
    assert AuditEvent.objects.filter(actor=counselor, action="view_checkins").count() == 1

    member.consents_given.get().revoke()
    ConsentFactory(member=member, recipient=counselor, scope_checkins=False)
    page = client.get(f"/counselor/clients/{member.pk}/").content.decode()
    assert "Told my sponsor" not in page
    assert "has not shared their check-ins" in page
    assert AuditEvent.objects.filter(actor=counselor, action="view_checkins").count() == 1


# The start date is part of the check-in record: shown under the check-ins scope only.
def test_the_start_date_shows_only_where_check_ins_are_shared(client, member, counselor):
    member.recovery_began_on = date(2025, 11, 3)
    member.save()
    page = _page(client, counselor, member).content.decode()
    assert "Recovery began on November 3, 2025" in page
    assert "Latest milestone:" in page

    without = CareAssignmentFactory(member=member).counselor
    ConsentFactory(member=member, recipient=without, scope_checkins=False)
    page = _page(client, without, member).content.decode()
    assert "November 3, 2025" not in page and "Recovery began" not in page
    assert "has not shared their check-ins" in page


# --- Stepping up care: requests and recommendations, under the plan scope -------------------


def test_the_counselor_sees_the_request_and_the_form_and_it_is_audited(client, member, counselor):
    write_plan(member, {"care_level": {"level": "outpatient"}}, author=member, finished=[])
    a_request(member, "iop", note="Evenings are hard")
    page = _page(client, counselor, member).content.decode()
    assert 'id="stepping-up"' in page
    assert "Their plan says: Outpatient." in page
    assert "Asking for more support" in page and "Intensive outpatient (IOP)" in page
    assert "Evenings are hard" in page and "(From the plan)" in page
    assert "Record a recommendation" in page
    assert page.count('type="radio" name="level"') == 7  # the plan's levels; no "not sure"
    assert 'name="outcome" value="talk" id="rec-outcome-talk" checked' in page
    assert AuditEvent.objects.filter(
        actor=counselor, member=member, action="view_care_requests", scope=Scope.PLAN
    ).exists()


def test_recommendations_and_outcomes_show_with_a_form_to_update_them(client, member, counselor):
    rec = a_recommendation(counselor, member, "php", outcome="starting", note="Intake Monday")
    page = _page(client, counselor, member).content.decode()
    assert "Casey recommended Partial hospitalization (PHP)" in page
    assert "Outcome: Getting started (intake, scheduling)" in page
    assert "Intake Monday" in page
    assert f"/counselor/clients/{member.pk}/care/recommendations/{rec.pk}/outcome/" in page


def test_without_plan_consent_no_request_shows_and_nothing_is_audited(client, member):
    counselor = CareAssignmentFactory(member=member).counselor
    ConsentFactory(member=member, recipient=counselor, scope_plan=False)
    CareRequest.objects.create(member=member, level="iop", note="Evenings are hard", origin="plan")
    page = _page(client, counselor, member).content.decode()
    assert "Evenings are hard" not in page and "Record a recommendation" not in page
    assert "requests for more support and your recommendations are not shown" in page
    assert not AuditEvent.objects.filter(action="view_care_requests").exists()


def test_the_client_page_queries_stay_constant_with_care_requests(
    client, member, counselor, django_assert_max_num_queries
):
    a_request(member)
    a_recommendation(counselor, member)
    client.force_login(counselor)
    with django_assert_max_num_queries(40) as few:
        client.get(f"/counselor/clients/{member.pk}/")
    for level in ("detox", "residential", "php", "outpatient", "sober_living"):
        a_request(member, level)
        a_recommendation(counselor, member, level)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/counselor/clients/{member.pk}/")
