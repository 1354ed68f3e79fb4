"""Consents (42 CFR 2.31) as FHIR Consent, and the people and program they name.

- status: "active" while the gate could rely on it (signed, not revoked, not past its date:
  accounts.models.Consent.is_active), otherwise "inactive" (revoked or expired);
- scope "patient-privacy"; category LOINC 59284-0 (patient consent) and v3 ActCode IDSCL
  (information disclosure); policyRule v3 ActCode 42CFRPart2;
- patient and performer (who signed) the member; organization the disclosing program;
- provision: permit, period from signing to the expiry date (or the revocation, if sooner),
  the recipient as actor with role IRCP (information recipient), the member's own words of
  purpose, and one code per part of the record shared;
- sourceAttachment: the exact words the member read and signed (Consent.text).
"""

from __future__ import annotations

import base64
from typing import Any

from accounts.models import Consent, Scope, User
from fhir_export import codes

Entry = tuple[str, dict[str, Any]]  # (fullUrl, resource)


def patient(member: User, *, named: bool) -> Entry:
    """The member, minimally: their Waypoint number, and their name only when `named`."""
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "meta": codes.part_2_meta(),
        "identifier": [{"system": codes.system("member"), "value": str(member.pk)}],
        "active": member.is_active,
    }
    if named:
        resource["name"] = [{"text": member.display_name}]
    return codes.urn("patient", member.pk), resource


def recipient(consent: Consent) -> Entry:
    """The person shared with, by the name the member read when signing."""
    resource = {"resourceType": "Practitioner", "name": [{"text": consent.recipient_name}]}
    return codes.urn("practitioner", consent.recipient_id), resource


def discloser(consent: Consent) -> Entry:
    resource = {"resourceType": "Organization", "name": consent.discloser}
    return codes.urn("organization", consent.discloser), resource


def _period(consent: Consent) -> dict[str, str]:
    ends = [at for at in (consent.expires_at, consent.revoked_at) if at is not None]
    period = {"start": codes.instant(consent.granted_at)}
    if ends:
        period["end"] = codes.instant(min(ends))
    return period


def _part(scope: Scope) -> dict[str, Any]:
    coding = {"system": codes.system("CodeSystem/record-part"), "code": scope.value}
    return {"coding": [{**coding, "display": str(scope.label)}]}


def consent(consent: Consent, patient_url: str) -> dict[str, Any]:
    signed_words = base64.b64encode(consent.text.encode()).decode("ascii")
    resource: dict[str, Any] = {
        "resourceType": "Consent",
        "meta": codes.part_2_meta(),
        "status": "active" if consent.is_active() else "inactive",
        "scope": {"coding": [{"system": codes.CONSENT_SCOPE, "code": "patient-privacy"}]},
        "category": [
            {"coding": [{"system": codes.LOINC, "code": "59284-0", "display": "Patient Consent"}]},
            {"coding": [{"system": codes.ACT_CODE, "code": "IDSCL"}]},
        ],
        "patient": codes.ref(patient_url),
        "dateTime": codes.instant(consent.granted_at),
        "performer": [codes.ref(patient_url)],
        "organization": [codes.ref(discloser(consent)[0])],
        "sourceAttachment": {
            "contentType": "text/plain; charset=utf-8",
            "data": signed_words,
            "creation": codes.instant(consent.granted_at),
        },
        "policyRule": {"coding": [{"system": codes.ACT_CODE, "code": "42CFRPart2"}]},
        "provision": {
            "type": "permit",
            "period": _period(consent),
            "actor": [
                {
                    "role": {"coding": [{"system": codes.PARTICIPATION, "code": "IRCP"}]},
                    "reference": codes.ref(recipient(consent)[0]),
                }
            ],
            "purpose": [{"display": consent.purpose}],
            "code": [_part(scope) for scope in consent.scopes],
        },
    }
    if consent.expiry_event:
        resource["extension"] = [
            {
                "url": codes.extension_url("consent-expiry-event"),
                "valueString": consent.get_expiry_event_display(),
            }
        ]
    return resource
