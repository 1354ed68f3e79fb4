"""Waypoint's published Questionnaires: the daily check-in and the Brief Addiction Monitor.

Built from the one source of each item: the check-in form's fields (labels, answer choices
and limits, checkins.forms.CheckInForm) and the BAM as data (measures.bam). Nothing here
holds an item's words. Public (no health data), served at their canonical URLs by
fhir_export.views; every QuestionnaireResponse points at `url|version`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from checkins.forms import CheckInForm
from fhir_export import codes
from measures import bam
from measures.explain import NAMES as SUBSCALE_NAMES

CHECKIN_ID = "waypoint-daily-checkin"
# Raise when a check-in item, its words' meaning or its answers change: responses keep the
# version they answered.
# 2: mood, sleep, medication and support became optional (a check-in by text skips them).
CHECKIN_VERSION = "2"
BAM_ID = "bam"

# The check-in's items in the order the form asks them, with their FHIR item type.
CHECKIN_ITEMS: dict[str, str] = {
    "hungry": "choice",
    "angry": "choice",
    "lonely": "choice",
    "tired": "choice",
    "craving": "integer",
    "mood": "choice",
    "sleep_hours": "decimal",
    "medication": "choice",
    "support_contact": "boolean",
    "noticed": "open-choice",  # the member's own warning signs: no fixed answer list
    "used_today": "boolean",
    "self_harm": "boolean",
    "note": "text",
}
# The four HALT questions share one answer scale, hence one code system.
ANSWER_SETS = {"hungry": "halt", "angry": "halt", "lonely": "halt", "tired": "halt"}
PRIVATE = "note"  # "only you see it": never in a download for someone else
# Asked on the web form, not by text (texting.conversation): a response may leave them out.
NOT_ASKED_BY_TEXT = frozenset(("mood", "sleep_hours", "medication", "support_contact"))


def canonical(questionnaire_id: str) -> str:
    return f"{codes.base()}/Questionnaire/{questionnaire_id}"


def answered(questionnaire_id: str, version: str) -> str:
    """What QuestionnaireResponse.questionnaire holds: the canonical URL and version."""
    return f"{canonical(questionnaire_id)}|{version}"


def checkin_system(link_id: str) -> str:
    return codes.system(f"CodeSystem/{CHECKIN_ID}-{ANSWER_SETS.get(link_id, link_id)}")


def bam_system(key: str) -> str:
    return codes.system(f"CodeSystem/{BAM_ID}-item-{key}")


def _choices(field: forms.Field) -> list[tuple[Any, Any]]:
    return [(value, label) for value, label in getattr(field, "choices", []) if value != ""]


def checkin_coding(link_id: str, value: Any) -> dict[str, str]:
    """The answer's Coding, exactly as the Questionnaire lists it."""
    labels = dict(_choices(CheckInForm.base_fields[link_id]))
    return {"system": checkin_system(link_id), "code": str(value), "display": str(labels[value])}


def _checkin_item(link_id: str, kind: str) -> dict[str, Any]:
    field = CheckInForm.base_fields[link_id]
    item: dict[str, Any] = {"linkId": link_id, "text": str(field.label), "type": kind}
    item["required"] = bool(field.required) and link_id not in NOT_ASKED_BY_TEXT
    if kind == "choice":
        item["answerOption"] = [
            {"valueCoding": checkin_coding(link_id, value)} for value, _label in _choices(field)
        ]
    if kind == "integer":
        values = [int(value) for value, _label in _choices(field)]
        item["extension"] = [
            {"url": codes.MIN_VALUE, "valueInteger": min(values)},
            {"url": codes.MAX_VALUE, "valueInteger": max(values)},
        ]
    if kind == "decimal":
        assert isinstance(field, forms.DecimalField)
        item["extension"] = [
            {"url": codes.MIN_VALUE, "valueDecimal": float(field.min_value or 0)},
            {"url": codes.MAX_VALUE, "valueDecimal": float(field.max_value or 0)},
        ]
    if kind == "open-choice":
        item["repeats"] = True
    return item


def checkin_questionnaire() -> dict[str, Any]:
    return {
        "resourceType": "Questionnaire",
        "id": CHECKIN_ID,
        "url": canonical(CHECKIN_ID),
        "version": CHECKIN_VERSION,
        "name": "WaypointDailyCheckIn",
        "title": _("Waypoint daily check-in"),
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": "Waypoint",
        "description": _(
            "A daily check-in of less than a minute: hungry, angry, lonely and tired (HALT), "
            "craving, mood, sleep, maintenance medication, support, the person's own warning "
            "signs, whether they used today, an optional screening question and a private note. "
            "A check-in by text message asks only HALT, craving and use."
        ),
        "item": [_checkin_item(link_id, kind) for link_id, kind in CHECKIN_ITEMS.items()],
    }


def bam_coding(item: bam.Item, answer: int) -> dict[str, str]:
    return {
        "system": bam_system(item.key),
        "code": str(answer),
        "display": str(item.responses[answer]),
    }


def _bam_question(item: bam.Item) -> dict[str, Any]:
    question: dict[str, Any] = {
        "linkId": item.key,
        "prefix": item.label,
        "text": str(item.text),
        "type": "choice",
        "required": True,  # when asked: enableWhen decides that
        "answerOption": [
            {
                # The BAM's score of this answer (item 14 scores No 0, Yes 4).
                "extension": [{"url": codes.ORDINAL_VALUE, "valueDecimal": item.score(answer)}],
                "valueCoding": bam_coding(item, answer),
            }
            for answer in range(len(item.responses))
        ],
    }
    if item.hint:
        question["item"] = [
            {"linkId": f"{item.key}-hint", "text": str(item.hint), "type": "display"}
        ]
    return question


def _asked_after(key: str) -> dict[str, Any]:
    """enableWhen for an item asked only when item `key` scored above 0 (bam.applies)."""
    first = {"system": bam_system(key), "code": "0"}
    return {"question": key, "operator": "!=", "answerCoding": first}


def _score_item(subscale: bam.Subscale) -> dict[str, Any]:
    words = _("%(name)s: BAM %(key)s subscale score (items %(items)s, 0 to %(maximum)s)") % {
        "name": SUBSCALE_NAMES[subscale.key],
        "key": subscale.key,
        "items": ", ".join(subscale.items),
        "maximum": subscale.maximum,
    }
    return {"linkId": f"score-{subscale.key}", "text": words, "type": "integer", "readOnly": True}


def bam_items() -> list[dict[str, Any]]:
    """The BAM's items in order; 7A-7G inside a group "7" carrying the form's shared stem."""
    items: list[dict[str, Any]] = []
    drugs: dict[str, Any] | None = None
    for item in bam.ITEMS:
        question = _bam_question(item)
        if item.asked_if and item.number != 7:
            question["enableWhen"] = [_asked_after(item.asked_if)]
        if item.number == 7:
            if drugs is None:
                drugs = {"linkId": "7", "prefix": "7", "text": str(bam.DRUG_STEM), "type": "group"}
                drugs["enableWhen"] = [_asked_after(item.asked_if)]
                drugs["item"] = []
                items.append(drugs)
            drugs["item"].append(question)
            continue
        items.append(question)
    return items + [_score_item(s) for s in bam.SUBSCALES.values()]


def bam_questionnaire() -> dict[str, Any]:
    return {
        "resourceType": "Questionnaire",
        "id": BAM_ID,
        "url": canonical(BAM_ID),
        "version": bam.VERSION,
        "name": "BriefAddictionMonitor",
        "title": _("Brief Addiction Monitor (BAM)"),
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": "Waypoint",
        "description": str(bam.INSTRUCTIONS),
        "purpose": _(
            "Measurement-based care: 17 items about the past 30 days, scored into use, risk "
            "factor and protective factor subscales (the last three items of this "
            "Questionnaire, read-only)."
        ),
        "copyright": _(
            "Public domain. US Department of Veterans Affairs, VISN 4 MIRECC: the Brief "
            "Addiction Monitor and its Scoring and Clinical Guidelines. Cacciola JS et al., "
            "J Subst Abuse Treat 2013;44(3):256-263, doi:10.1016/j.jsat.2012.07.013, "
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC3602977"
        ),
        "item": bam_items(),
    }


def link_ids(items: Sequence[dict[str, Any]]) -> set[str]:
    """Every linkId in a tree of items (for checking responses against a Questionnaire)."""
    found: set[str] = set()
    for item in items:
        found.add(item["linkId"])
        found |= link_ids(item.get("item", []))
    return found
