"""A member's answers as QuestionnaireResponses against Waypoint's published Questionnaires.

A check-in answers the daily check-in (`questionnaires.CHECKIN_ID`), a BAM result the BAM of
the version it was scored with. The BAM's subscale scores are answers to the Questionnaire's
read-only score items (the scores stored with the result, never computed again here).
"""

from __future__ import annotations

from typing import Any

from checkins.models import CheckIn
from fhir_export import codes
from fhir_export.questionnaires import (
    BAM_ID,
    CHECKIN_ID,
    CHECKIN_ITEMS,
    CHECKIN_VERSION,
    PRIVATE,
    answered,
    bam_coding,
    checkin_coding,
)
from measures import bam
from measures.bam import BY_KEY
from measures.models import BamResult


def _answer(kind: str, link_id: str, value: Any) -> dict[str, Any]:
    if kind == "choice":
        return {"valueCoding": checkin_coding(link_id, value)}
    if kind == "integer":
        return {"valueInteger": int(value)}
    if kind == "decimal":
        return {"valueDecimal": float(value)}
    if kind == "boolean":
        return {"valueBoolean": bool(value)}
    return {"valueString": str(value)}


def _checkin_values(checkin: CheckIn) -> dict[str, list[Any]]:
    values: dict[str, list[Any]] = {
        link_id: [getattr(checkin, link_id)]
        for link_id in CHECKIN_ITEMS
        if link_id not in ("noticed", PRIVATE)
    }
    values["noticed"] = [sign.get("text", "") for sign in checkin.noticed_signs]
    values[PRIVATE] = [checkin.note]
    return values


def checkin_response(checkin: CheckIn, patient: str, *, private: bool) -> dict[str, Any]:
    """One check-in; its private note only when `private` (the member's own download)."""
    values = _checkin_values(checkin)
    items = []
    for link_id, kind in CHECKIN_ITEMS.items():
        given = [v for v in values[link_id] if v is not None and v != ""]
        if not given or (link_id == PRIVATE and not private):
            continue  # skipped (self-harm, no signs, no note) or not for this reader
        answers = [_answer(kind, link_id, value) for value in given]
        items.append({"linkId": link_id, "answer": answers})
    return {
        "resourceType": "QuestionnaireResponse",
        "meta": codes.part_2_meta(),
        "questionnaire": answered(CHECKIN_ID, CHECKIN_VERSION),
        "status": "completed",
        "subject": codes.ref(patient),
        # When it was first saved, on the day it is about (a same-day edit keeps it there).
        "authored": codes.instant(checkin.created_at),
        "author": codes.ref(patient),
        "item": items,
    }


def _bam_answer(item: bam.Item, answers: dict[str, int]) -> dict[str, Any]:
    return {"linkId": item.key, "answer": [{"valueCoding": bam_coding(item, answers[item.key])}]}


def bam_response(result: BamResult, patient: str) -> dict[str, Any]:
    answers = bam.kept(result.answers)  # an item not asked has no answer
    items: list[dict[str, Any]] = []
    drugs: list[dict[str, Any]] = []
    for item in bam.ITEMS:
        if item.key not in answers:
            continue
        (drugs if item.number == 7 else items).append(_bam_answer(item, answers))
        if item.key == "6" and any(BY_KEY[k].number == 7 for k in answers):
            items.append({"linkId": "7", "item": drugs})  # 7A-7G, filled in next
    scores = {bam.USE: result.use, bam.RISK: result.risk, bam.PROTECTIVE: result.protective}
    items += [
        {"linkId": f"score-{key}", "answer": [{"valueInteger": score}]}
        for key, score in scores.items()
    ]
    return {
        "resourceType": "QuestionnaireResponse",
        "meta": codes.part_2_meta(),
        "questionnaire": answered(BAM_ID, result.version),
        "status": "completed",
        "subject": codes.ref(patient),
        "authored": codes.instant(result.completed_at),
        "author": codes.ref(patient),
        "item": items,
    }
