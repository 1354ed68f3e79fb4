"""/healthz reports the database and the broker, and never crashes."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_it_is_healthy_when_both_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_answers_503_when_the_broker_is_unreachable(client, broker_unreachable):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "down", "status": "degraded"}


@pytest.mark.django_db
def test_it_answers_probes_by_ip_whatever_the_allowed_hosts(client, settings):
    settings.ALLOWED_HOSTS = ["waypoint.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz", HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert client.get("/help/", HTTP_HOST="10.0.0.5:8000").status_code == 400
