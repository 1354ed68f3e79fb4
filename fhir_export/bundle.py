"""A member's record as one FHIR R4 Bundle (type "collection"), written as a stream.

Entries: the Patient; the disclosing program (Organization) and the people shared with
(Practitioner); the Consents; the plan's Goals and CarePlan; a QuestionnaireResponse per
check-in and per BAM; and the two Questionnaires they answer, so every reference resolves
inside the Bundle. Every entry's fullUrl is a urn:uuid (the Questionnaires: their canonical
URL). The Bundle and every resource of the record carry the Part 2 security labels.

Two readers: the member (`recipient=None`: everything, their name and private notes) and a
counselor the gate lets see the plan and the check-ins (no name, no private notes, only the
consents given to them, and the 42 CFR 2.32 notice in Bundle.meta). The caller checks access.

Five queries whatever the history (consents, plan, its latest review, check-ins, BAM
results); check-ins and results are read in chunks and written one entry at a time, so a
long history never sits in memory whole.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from accounts.consent import REDISCLOSURE_NOTICE
from accounts.models import Consent, User
from checkins.models import CheckIn
from fhir_export import codes
from fhir_export.careplan import careplan, goals
from fhir_export.consent import Entry, consent, discloser, patient, recipient
from fhir_export.questionnaires import bam_questionnaire, canonical, checkin_questionnaire
from fhir_export.responses import bam_response, checkin_response
from measures.models import BamResult
from plans.models import Plan

CHUNK = 500  # rows fetched at a time from a long history


def _consents(member: User, reader: User | None) -> Iterator[Entry]:
    rows = Consent.objects.filter(member=member).order_by("granted_at", "pk")
    if reader is not None:
        rows = rows.filter(recipient=reader)  # whom else the member shares with is theirs
    patient_url = codes.urn("patient", member.pk)
    found = list(rows)
    named: dict[str, dict[str, Any]] = {}
    for row in found:
        named.update([discloser(row), recipient(row)])
    yield from named.items()
    for row in found:
        yield codes.urn("consent", row.pk), consent(row, patient_url)


def _plan(member: User, patient_url: str) -> Iterator[Entry]:
    plan = Plan.objects.filter(member=member).first()
    if plan is None:
        return
    review = plan.reviews.order_by("-created_at", "-pk").first()
    plan_goals = goals(plan, patient_url)
    yield from plan_goals
    resource = careplan(plan, patient_url, [url for url, _goal in plan_goals], review)
    yield codes.urn("careplan", plan.pk), resource


def _responses(member: User, patient_url: str, *, private: bool) -> Iterator[Entry]:
    checkins = CheckIn.objects.filter(member=member).order_by("local_date")
    for row in checkins.iterator(chunk_size=CHUNK):
        yield codes.urn("checkin", row.pk), checkin_response(row, patient_url, private=private)
    results = BamResult.objects.filter(member=member).order_by("completed_at", "pk")
    for result in results.iterator(chunk_size=CHUNK):
        yield codes.urn("bam", result.pk), bam_response(result, patient_url)


def entries(member: User, reader: User | None) -> Iterator[Entry]:
    own = reader is None
    patient_url, resource = patient(member, named=own)
    yield patient_url, resource
    yield from _consents(member, reader)
    yield from _plan(member, patient_url)
    yield from _responses(member, patient_url, private=own)
    for questionnaire in (checkin_questionnaire(), bam_questionnaire()):
        yield canonical(questionnaire["id"]), questionnaire


def _head(reader: User | None) -> dict[str, Any]:
    meta: dict[str, Any] = codes.part_2_meta()
    if reader is not None:
        # Bundle is a Resource, not a DomainResource: it has no extension of its own, but
        # its Meta has, and the notice must travel with the file wherever it goes.
        url = codes.extension_url("redisclosure-notice")
        meta["extension"] = [{"url": url, "valueString": str(REDISCLOSURE_NOTICE)}]
    return {
        "resourceType": "Bundle",
        "meta": meta,
        "identifier": {"system": codes.system("export"), "value": str(uuid.uuid4())},
        "type": "collection",
        "timestamp": codes.instant(timezone.now()),
    }


def _json(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def stream(member: User, reader: User | None = None) -> Iterator[str]:
    """The Bundle as JSON text, in pieces (one entry each)."""
    head = _json(_head(reader))
    yield head[:-1] + ', "entry": ['
    for index, (url, resource) in enumerate(entries(member, reader)):
        yield ("," if index else "") + _json({"fullUrl": url, "resource": resource})
    yield "]}"


def build(member: User, reader: User | None = None) -> dict[str, Any]:
    """The whole Bundle as data (tests; a caller that needs it in memory)."""
    loaded: dict[str, Any] = json.loads("".join(stream(member, reader)))
    return loaded
