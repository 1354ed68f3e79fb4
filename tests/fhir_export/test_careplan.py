"""The plan as a CarePlan with the member's reasons as Goals."""

from __future__ import annotations

import pytest

from fhir_export.careplan import careplan, goals
from plans.models import Plan, PlanReview, ReviewStatus
from tests.fhir_export.fhir import valid
from tests.fhir_export.records import full_record

pytestmark = pytest.mark.django_db
PATIENT = "urn:uuid:00000000-0000-0000-0000-000000000001"


def test_reasons_are_goals_and_the_careplan_points_at_them(member):
    full_record(member)
    plan = Plan.objects.get()
    found = goals(plan, PATIENT)
    for _url, goal in found:
        valid(goal)
    assert [g["description"]["text"] for _u, g in found] == [
        "Being there for Theo",
        "Keeping my job",
    ]
    resource = careplan(plan, PATIENT, [u for u, _g in found], None)
    valid(resource)
    assert [g["reference"] for g in resource["goal"]] == [u for u, _g in found]
    assert (resource["status"], resource["intent"]) == ("active", "plan")
    assert resource["meta"]["versionId"] == str(plan.revision)


def test_things_to_do_are_activities_and_the_rest_notes(member):
    full_record(member)
    resource = careplan(Plan.objects.get(), PATIENT, [], None)
    details = [a["detail"] for a in resource["activity"]]
    assert {
        "status": "not-started",
        "description": "My action steps: When I get paid; I will… I call my sister",
    } in details
    done = [d for d in details if "dealer" in d["description"]]
    assert done[0]["status"] == "completed"
    notes = "\n".join(n["text"] for n in resource["note"])
    assert "My triggers:\n- Payday; Where it comes from Around me (people, places, things)" in notes
    assert "Level of care: Intensive outpatient (IOP)" in notes


def test_the_latest_review_is_a_note(member, counselor):
    full_record(member)
    plan = Plan.objects.get()
    review = PlanReview.objects.create(
        plan=plan, version_number=1, counselor=counselor, status=ReviewStatus.REVIEWED
    )
    resource = careplan(plan, PATIENT, [], review)
    valid(resource)
    assert resource["note"][-1]["text"].startswith("Version 1: Reviewed by the counselor on")
