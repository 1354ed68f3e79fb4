"""The whole Bundle: valid R4, references resolved inside it, labelled, right for its reader."""

from __future__ import annotations

import pytest

from accounts.consent import REDISCLOSURE_NOTICE
from fhir_export.bundle import build, stream
from tests import personas
from tests.fhir_export.fhir import references, resources, valid_bundle
from tests.fhir_export.records import full_record

pytestmark = pytest.mark.django_db


def test_the_members_bundle_validates_and_every_reference_resolves(member, counselor):
    data = build(full_record(member))
    bundle = valid_bundle(data)
    assert bundle.type == "collection"
    urls = [e["fullUrl"] for e in data["entry"]]
    assert len(urls) == len(set(urls))
    assert all(u.startswith("urn:uuid:") for u in urls if "/Questionnaire/" not in u)
    assert set(references(data)) <= set(urls)
    kinds = [e["resource"]["resourceType"] for e in data["entry"]]
    assert kinds.count("QuestionnaireResponse") == 3 + 1
    assert {"Patient", "Consent", "CarePlan", "Goal", "Questionnaire"} <= set(kinds)


def test_every_answer_points_at_a_questionnaire_in_the_bundle(member):
    data = build(full_record(member))
    published = {f"{q['url']}|{q['version']}" for q in resources(data, "Questionnaire")}
    answered = {r["questionnaire"] for r in resources(data, "QuestionnaireResponse")}
    assert answered <= published and len(answered) == 2


def test_the_bundle_and_the_record_carry_the_part_2_labels(member, counselor):
    data = build(full_record(member))
    codes = {c["code"] for c in data["meta"]["security"]}
    assert codes == {"42CFRPart2", "NORDSCLCD", "R"}
    for entry in data["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] in {"Patient", "Consent", "CarePlan", "Goal"}:
            assert resource["meta"]["security"] == data["meta"]["security"]


def test_the_member_gets_their_name_and_notes_and_no_notice(member, counselor):
    data = build(full_record(member))
    assert resources(data, "Patient")[0]["name"] == [{"text": "Alex"}]
    assert "Rough evening" in str(data)
    assert "extension" not in data["meta"]


def test_a_counselors_copy_has_the_notice_no_name_no_notes_and_only_their_consent(member):
    counselor = personas.counselor_for(member, display_name="Casey")
    personas.counselor_for(member, display_name="Robin")  # another consent, not Casey's
    data = build(full_record(member), counselor)
    valid_bundle(data)
    notice = data["meta"]["extension"][0]
    assert notice["url"].endswith("/StructureDefinition/redisclosure-notice")
    assert notice["valueString"] == str(REDISCLOSURE_NOTICE)
    assert "name" not in resources(data, "Patient")[0]
    assert "Alex" not in str(data) and "Rough evening" not in str(data)
    assert [p["name"][0]["text"] for p in resources(data, "Practitioner")] == ["Casey"]
    assert len(resources(data, "Consent")) == 1


def test_a_member_with_nothing_yet_still_gets_a_valid_bundle(member):
    data = build(member)
    valid_bundle(data)
    assert [e["resource"]["resourceType"] for e in data["entry"]] == [
        "Patient",
        "Questionnaire",
        "Questionnaire",
    ]


@pytest.mark.parametrize("days", [3, 40])
def test_the_queries_do_not_grow_with_the_history(
    member, counselor, days, django_assert_num_queries
):
    full_record(member, days=days)
    with django_assert_num_queries(5):  # consents, plan, its review, check-ins, BAM results
        pieces = list(stream(member))
    assert len(pieces) == 2 + 1 + 3 + 3 + days + 1 + 2  # head, entries, tail
