"""The Questionnaires are public at their canonical URLs, as FHIR JSON."""

from __future__ import annotations

import json

import pytest

from measures import bam

pytestmark = pytest.mark.django_db


def test_anyone_can_read_the_checkin_questionnaire_at_its_canonical_url(client):
    response = client.get("/fhir/Questionnaire/waypoint-daily-checkin")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    data = json.loads(response.content)
    assert data["url"] == "http://testserver/fhir/Questionnaire/waypoint-daily-checkin"


def test_the_bam_is_served_with_its_version(client):
    data = json.loads(client.get("/fhir/Questionnaire/bam").content)
    assert (data["resourceType"], data["version"]) == ("Questionnaire", bam.VERSION)


def test_an_unknown_questionnaire_is_not_found(client):
    assert client.get("/fhir/Questionnaire/phq-9").status_code == 404


def test_it_only_answers_reads(client):
    assert client.post("/fhir/Questionnaire/bam").status_code == 405
