"""A counselor downloads a client's Bundle only with both the plan and the check-ins shared."""

from __future__ import annotations

import json
import re

import pytest

from accounts.models import REFUSED, AuditEvent, Scope
from tests import personas
from tests.fhir_export.fhir import valid_bundle
from tests.fhir_export.records import full_record

pytestmark = pytest.mark.django_db


def _url(member):
    return f"/counselor/clients/{member.pk}/fhir/"


def _body(response) -> dict:
    return json.loads(b"".join(response.streaming_content))


def test_with_both_shared_the_counselor_downloads_and_it_is_audited(client, member, counselor):
    full_record(member)
    client.force_login(counselor)
    response = client.post(_url(member))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert "no-store" in response["Cache-Control"]
    # A day, nothing of whose record or what is in it.
    assert re.fullmatch(
        r'attachment; filename="waypoint-fhir-\d{4}-\d{2}-\d{2}\.json"',
        response["Content-Disposition"],
    )
    data = _body(response)
    valid_bundle(data)
    assert "42 CFR part 2" in data["meta"]["extension"][0]["valueString"]
    events = AuditEvent.objects.filter(actor=counselor, member=member, action="fhir_export")
    assert sorted(events.values_list("scope", flat=True)) == [Scope.CHECKINS, Scope.PLAN]
    assert all(e.consent is not None and e.purpose for e in events)


def test_with_the_checkins_not_shared_it_refuses_and_records_the_attempt(client, member):
    full_record(member)
    counselor = personas.counselor_with_partial_consent(member)  # the plan only
    client.force_login(counselor)
    response = client.post(_url(member))
    assert response.status_code == 403
    assert b"Theo" not in response.content and b"Rough evening" not in response.content
    events = AuditEvent.objects.filter(actor=counselor, member=member)
    refused = [(REFUSED, Scope.CHECKINS, "fhir_export")]
    assert list(events.values_list("action", "scope", "object_type")) == refused


def test_off_the_care_team_the_member_is_not_found(client, member, counselor_off_team):
    client.force_login(counselor_off_team)
    assert client.post(_url(member)).status_code == 404
    assert AuditEvent.objects.get(actor=counselor_off_team).action == REFUSED


def test_it_is_never_a_get(client, member, counselor):
    client.force_login(counselor)
    assert client.get(_url(member)).status_code == 405
    assert not AuditEvent.objects.filter(actor=counselor).exists()


def test_members_cannot_use_it(client, member, other_member):
    client.force_login(other_member)
    assert client.post(_url(member)).status_code == 403


def test_the_client_page_offers_it_only_with_both_shared(client, member, counselor):
    client.force_login(counselor)
    assert (
        "Download in FHIR format" in client.get(f"/counselor/clients/{member.pk}/").content.decode()
    )
    partial = personas.counselor_with_partial_consent(member)
    client.force_login(partial)
    page = client.get(f"/counselor/clients/{member.pk}/").content.decode()
    assert "Download in FHIR format" not in page


def test_a_long_history_goes_out_in_a_few_large_writes(client, member, counselor):
    full_record(member, days=120)
    client.force_login(counselor)
    pieces = list(client.post(_url(member)).streaming_content)
    assert 1 < len(pieces) < 10
    valid_bundle(json.loads(b"".join(pieces)))
