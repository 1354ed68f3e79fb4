"""Where Waypoint's FHIR resources live and the code systems they use.

Everything else in fhir_export builds plain dicts with these; the canonical base is the
deployment's own address (WAYPOINT_SITE_URL), so a Questionnaire's `url` resolves to the
page that serves it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings

FHIR_JSON = "application/fhir+json"

ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
LOINC = "http://loinc.org"
GOAL_CATEGORY = "http://terminology.hl7.org/CodeSystem/goal-category"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ECFR_PART_2 = "https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2"
ECFR_2_32 = ECFR_PART_2 + "/subpart-C/section-2.32"

# A Part 2 record: the law (42CFRPart2), the refrain policy "no redisclosure without
# consent" (NORDSCLCD) and restricted confidentiality (R). On the Bundle and on every
# resource that carries the member's record (the public Questionnaires carry none).
PART_2_SECURITY: list[dict[str, str]] = [
    {"system": ACT_CODE, "code": "42CFRPart2", "display": "42 CFR Part 2"},
    {
        "system": ACT_CODE,
        "code": "NORDSCLCD",
        "display": "no redisclosure without consent directive",
    },
    {"system": CONFIDENTIALITY, "code": "R", "display": "restricted"},
]

# Stable ids: the same row gets the same urn:uuid in every export, so two downloads can
# be compared entry by entry, and no database id shows in a reference.
_NAMESPACE = uuid.UUID("6f1b0a52-6c1e-4a8e-9a51-8f5c0b2f7e10")


def base() -> str:
    return f"{settings.WAYPOINT_SITE_URL}/fhir"


def system(name: str) -> str:
    """A Waypoint code system or identifier system, e.g. system("CodeSystem/halt-scale")."""
    return f"{base()}/{name}"


def extension_url(name: str) -> str:
    return system(f"StructureDefinition/{name}")


def urn(kind: str, key: Any) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{settings.WAYPOINT_SITE_URL}/{kind}/{key}')}"


def ref(full_url: str) -> dict[str, str]:
    return {"reference": full_url}


def part_2_meta() -> dict[str, Any]:
    return {"security": PART_2_SECURITY}


def instant(value: Any) -> str:
    """A datetime as FHIR writes it (ISO 8601 with its offset)."""
    return value.isoformat()
