"""Check-ins and BAM results as QuestionnaireResponses that answer the published items."""

from __future__ import annotations

import pytest

from checkins.models import CheckIn
from fhir_export.questionnaires import bam_questionnaire, checkin_questionnaire
from fhir_export.responses import bam_response, checkin_response
from measures import bam
from measures.models import BamResult
from tests.factories import CheckInFactory
from tests.fhir_export.fhir import valid
from tests.fhir_export.records import full_record

pytestmark = pytest.mark.django_db
PATIENT = "urn:uuid:00000000-0000-0000-0000-000000000001"


def _options(questionnaire):
    """linkId -> the codes its answerOptions allow (None: any value of its type)."""
    found = {}

    def walk(items):
        for item in items:
            options = item.get("answerOption")
            found[item["linkId"]] = {o["valueCoding"]["code"] for o in options} if options else None
            walk(item.get("item", []))

    walk(questionnaire["item"])
    return found


def _answered(items):
    for item in items:
        yield item
        yield from _answered(item.get("item", []))


def _answers_fit(response, questionnaire):
    options = _options(questionnaire)
    for item in _answered(response["item"]):
        assert item["linkId"] in options
        for answer in item.get("answer", []):
            if "valueCoding" in answer and options[item["linkId"]] is not None:
                assert answer["valueCoding"]["code"] in options[item["linkId"]]


def test_a_checkin_answers_the_published_checkin(member):
    full_record(member)
    response = checkin_response(CheckIn.objects.first(), PATIENT, private=True)
    valid(response)
    _answers_fit(response, checkin_questionnaire())
    assert response["questionnaire"].endswith("/fhir/Questionnaire/waypoint-daily-checkin|2")
    answers = {i["linkId"]: i["answer"] for i in response["item"]}
    assert answers["hungry"] == [{"valueCoding": answers["hungry"][0]["valueCoding"]}]
    assert answers["hungry"][0]["valueCoding"]["display"] == "Quite"
    assert answers["noticed"] == [{"valueString": "Isolating"}]
    assert answers["note"] == [{"valueString": "Rough evening, called Jo"}]
    assert "self_harm" not in answers  # skipped, so not answered


def test_the_private_note_stays_out_of_someone_elses_copy(member):
    full_record(member)
    response = checkin_response(CheckIn.objects.first(), PATIENT, private=False)
    assert "note" not in {i["linkId"] for i in response["item"]}
    assert "Rough evening" not in str(response)


def test_a_bam_result_answers_its_version_and_carries_its_stored_scores(member):
    full_record(member)
    result = BamResult.objects.get()
    response = bam_response(result, PATIENT)
    valid(response)
    _answers_fit(response, bam_questionnaire())
    assert response["questionnaire"].endswith(f"/fhir/Questionnaire/bam|{bam.VERSION}")
    top = {i["linkId"]: i for i in response["item"]}
    assert [i["linkId"] for i in top["7"]["item"]] == [f"7{c}" for c in "abcdefg"]
    scores = {k: top[f"score-{k}"]["answer"][0]["valueInteger"] for k in bam.SUBSCALES}
    assert scores == {"use": result.use, "risk": result.risk, "protective": result.protective}
    assert scores == {"use": 3, "risk": 6, "protective": 9}


def test_items_not_asked_are_not_answered(member):
    answers = {key: 0 for key in bam.KEYS if bam.BY_KEY[key].number not in (5, 7)}
    from django.utils import timezone

    from measures.flow import save_result

    now = timezone.now()
    result = save_result(member, answers, started_at=now, completed_at=now)
    response = bam_response(result, PATIENT)
    valid(response)
    linked = {i["linkId"] for i in response["item"]}
    assert "5" not in linked and "7" not in linked and "6" in linked


def test_a_checkin_by_text_leaves_out_what_it_did_not_ask(member):
    checkin = CheckInFactory(
        member=member,
        source="text",
        craving=6,
        tired=2,
        mood=None,
        sleep_hours=None,
        medication=None,
        support_contact=None,
    )
    response = checkin_response(checkin, PATIENT, private=True)
    valid(response)
    _answers_fit(response, checkin_questionnaire())
    answered = {i["linkId"] for i in response["item"]}
    assert {"hungry", "angry", "lonely", "tired", "craving", "used_today"} <= answered
    assert answered.isdisjoint({"mood", "sleep_hours", "medication", "support_contact"})
    items = {i["linkId"]: i for i in checkin_questionnaire()["item"]}
    assert [items[k]["required"] for k in ("mood", "sleep_hours", "medication")] == [False] * 3
