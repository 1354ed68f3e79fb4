"""Waypoint's published Questionnaires are valid R4 and hold exactly the app's items."""

from __future__ import annotations

from checkins.forms import CheckInForm
from fhir_export.questionnaires import (
    CHECKIN_ITEMS,
    bam_questionnaire,
    checkin_questionnaire,
    link_ids,
)
from measures import bam
from tests.fhir_export.fhir import valid


def _by_link(items):
    found = {}
    for item in items:
        found[item["linkId"]] = item
        found |= _by_link(item.get("item", []))
    return found


def test_both_validate_as_r4_questionnaires():
    for questionnaire in (checkin_questionnaire(), bam_questionnaire()):
        parsed = valid(questionnaire)
        assert parsed.status == "active"
        assert parsed.url.endswith(f"/fhir/Questionnaire/{questionnaire['id']}")


def test_the_checkin_asks_every_question_of_the_form_in_its_words():
    items = _by_link(checkin_questionnaire()["item"])
    assert set(items) == set(CheckInForm.Meta.fields) | {"noticed"} == set(CHECKIN_ITEMS)
    assert items["hungry"]["text"] == "Hungry"
    assert [o["valueCoding"]["display"] for o in items["hungry"]["answerOption"]] == [
        "None",
        "A little",
        "Quite",
        "Very",
    ]
    assert [o["valueCoding"]["code"] for o in items["medication"]["answerOption"]] == [
        "yes",
        "no",
        "none",
    ]
    assert items["self_harm"]["required"] is False
    assert items["used_today"]["required"] is True
    limits = {e["url"].rsplit("/", 1)[1]: e["valueInteger"] for e in items["craving"]["extension"]}
    assert limits == {"minValue": 0, "maxValue": 10}


def test_the_bam_is_the_instrument_of_its_version_with_its_scores():
    questionnaire = bam_questionnaire()
    assert questionnaire["version"] == bam.VERSION == "BAM-2013"
    assert "PMC3602977" in questionnaire["copyright"]
    items = _by_link(questionnaire["item"])
    assert set(bam.KEYS) | {"7", "5-hint", "score-use", "score-risk", "score-protective"} == set(
        items
    )
    assert items["1"]["text"] == str(bam.BY_KEY["1"].text)
    assert [o["extension"][0]["valueDecimal"] for o in items["14"]["answerOption"]] == [0, 4]
    assert items["5"]["enableWhen"][0]["question"] == "4"
    assert [child["linkId"] for child in items["7"]["item"]] == [f"7{c}" for c in "abcdefg"]
    assert items["7"]["enableWhen"][0]["question"] == "6"
    assert items["score-risk"]["readOnly"] is True


def _every_link_id(items):
    for item in items:
        yield item["linkId"]
        yield from _every_link_id(item.get("item", []))


def test_link_ids_are_unique_in_each_questionnaire():
    for questionnaire in (checkin_questionnaire(), bam_questionnaire()):
        every = list(_every_link_id(questionnaire["item"]))
        assert len(every) == len(set(every)) == len(link_ids(questionnaire["item"]))
