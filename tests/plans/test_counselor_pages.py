"""Counselors review shared plans: through the gate, audited, with review and comments."""

from __future__ import annotations

import pytest

from accounts.models import AuditEvent, Consent, Role, Scope
from plans.models import Plan, PlanComment, PlanReview
from plans.sections import SECTIONS
from plans.versions import write_plan
from tests.factories import CareAssignmentFactory, ConsentFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL_DONE = [s.key for s in SECTIONS]


@pytest.fixture
def plan(member):
    write_plan(member, {"reasons": [{"text": "Being there for Theo"}]}, author=member, finished=[])
    return Plan.objects.get(member=member)


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
    assert not AuditEvent.objects.exists()


def test_review_and_comment_reach_the_member(client, member, counselor, plan):
    client.force_login(counselor)
    response = client.post(
        f"/counselor/clients/{member.pk}/plan/review/",
        {"status": "reviewed", "note": "Looks strong.", "version": 1},
    )
    assert response.status_code == 302
    client.post(
        f"/counselor/clients/{member.pk}/plan/comments/",
        {"section": "triggers", "body": "What about paydays?", "version": 1},
    )
    review = PlanReview.objects.get()
    assert (review.version_number, review.counselor, review.status) == (1, counselor, "reviewed")
    assert AuditEvent.objects.filter(action="review_plan").count() == 1
    assert AuditEvent.objects.filter(action="comment_plan").count() == 1

    client.force_login(member)
    page = client.get("/plan/").content.decode()
    assert "reviewed version 1" in page and "Looks strong." in page
    assert "What about paydays?" in page
    assert "changed since" not in page

    write_plan(member, {"coping": [{"text": "Walk"}]}, author=member, finished=[])
    assert "The plan has changed since that review" in client.get("/plan/").content.decode()


def test_a_review_needs_an_outcome_and_a_comment_needs_words(client, member, counselor, plan):
    client.force_login(counselor)
    client.post(f"/counselor/clients/{member.pk}/plan/review/", {"status": "great", "version": 1})
    client.post(
        f"/counselor/clients/{member.pk}/plan/review/", {"status": "reviewed", "version": 9}
    )
    client.post(f"/counselor/clients/{member.pk}/plan/review/", {"status": "reviewed"})
    client.post(
        f"/counselor/clients/{member.pk}/plan/comments/",
        {"section": "reasons", "body": "", "version": 1},
    )
    client.post(
        f"/counselor/clients/{member.pk}/plan/comments/",
        {"section": "nowhere", "body": "Hi", "version": 1},
    )
    client.post(
        f"/counselor/clients/{member.pk}/plan/comments/",
        {"section": "reasons", "body": "x" * 1001, "version": 1},
    )
    assert not PlanReview.objects.exists() and not PlanComment.objects.exists()


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
    # session, user, caseload, alert count, one audit insert each for plans and alerts shown
    with django_assert_num_queries(6) as few:
        client.get("/counselor/")
    for i in range(15):
        _client_with_plan(
            counselor, f"M{i}", finished=ALL_DONE, reviewed="reviewed" if i % 2 else None
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/counselor/")
    assert len(response.context["clients"]) == 16


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


def test_a_review_belongs_to_the_version_the_counselor_saw(client, member, counselor, plan):
    client.force_login(counselor)
    page = client.get(f"/counselor/clients/{member.pk}/").content.decode()
    assert "Save review of version 1" in page
    # The member saves a change while the counselor is reading version 1.
    write_plan(member, {"coping": [{"text": "Walk"}]}, author=member, finished=[])
    client.post(
        f"/counselor/clients/{member.pk}/plan/review/", {"status": "reviewed", "version": 1}
    )
    assert PlanReview.objects.get().version_number == 1
    [row] = client.get("/counselor/").context["clients"]
    assert row.plan_state == "changed_since_review"
