"""A counselor's review actions on a shared plan (plans.views client_review, client_comment):
through the gate, audited, tied to the version seen, and shown to the member."""

from __future__ import annotations

import pytest

from accounts.models import AuditEvent
from plans.models import PlanComment, PlanReview
from plans.versions import write_plan

pytestmark = pytest.mark.django_db


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
