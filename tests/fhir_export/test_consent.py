"""Consents as FHIR Consent: status, recipient, purpose, period, what is shared, the words."""

from __future__ import annotations

import base64

import pytest

from accounts.models import Consent
from fhir_export.consent import consent, patient
from tests.fhir_export.fhir import valid

pytestmark = pytest.mark.django_db
PATIENT = "urn:uuid:00000000-0000-0000-0000-000000000001"


def test_an_active_consent_names_recipient_purpose_period_and_parts(member, counselor):
    row = Consent.objects.get()
    resource = consent(row, PATIENT)
    valid(resource)
    assert resource["status"] == "active"
    provision = resource["provision"]
    assert provision["purpose"] == [{"display": "Care with my counselor"}]
    assert provision["period"]["end"] == row.expires_at.isoformat()
    assert [c["coding"][0]["code"] for c in provision["code"]] == ["plan", "checkins", "alerts"]
    assert provision["actor"][0]["role"]["coding"][0]["code"] == "IRCP"
    assert base64.b64decode(resource["sourceAttachment"]["data"]).decode() == row.text
    assert resource["policyRule"]["coding"][0]["code"] == "42CFRPart2"


def test_a_revoked_consent_is_inactive_and_ends_when_it_was_revoked(member, counselor):
    row = Consent.objects.get()
    row.revoke()
    resource = consent(row, PATIENT)
    valid(resource)
    assert resource["status"] == "inactive"
    assert resource["provision"]["period"]["end"] == row.revoked_at.isoformat()


def test_the_patient_is_named_only_when_asked(member):
    _url, named = patient(member, named=True)
    _url, unnamed = patient(member, named=False)
    valid(named), valid(unnamed)
    assert named["name"] == [{"text": "Alex"}]
    assert "name" not in unnamed and member.email not in str(unnamed)
