"""/healthz (the container's probe) and /healthz/deep (monitors): what each reports."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from checkins.models import CheckIn
from core import health, heartbeat
from core.models import Heartbeat
from messaging import outbox
from messaging.models import Channel, Delivery, Purpose
from tests.factories import CheckInFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="read-only sessions are PostgreSQL's"
)


def seen(name: str, seconds_ago: int) -> None:
    Heartbeat.objects.update_or_create(
        name=name, defaults={"seen_at": timezone.now() - timedelta(seconds=seconds_ago)}
    )


def fine(age: int | None, late_after: int) -> dict:
    return {"status": "ok", "age_seconds": age, "late_after_seconds": late_after}


def late(age: int | None, late_after: int) -> dict:
    return {"status": "late", "age_seconds": age, "late_after_seconds": late_after}


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
    assert client.get("/healthz/deep", HTTP_HOST="10.0.0.5:8000").status_code in (200, 503)
    assert client.get("/help/", HTTP_HOST="10.0.0.5:8000").status_code == 400


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_read_only_database_is_down_and_the_next_probe_opens_a_fresh_connection(client):
    # A session opened while the database was read-only stays so after it takes writes.
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # it answers reads: SELECT 1 alone would say "ok"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "read-only", "broker": "ok", "status": "degraded"}
    assert connection.connection is None
    assert client.get("/healthz").json()["database"] == "ok"


@pytest.mark.django_db
def test_deep_is_healthy_when_beat_and_the_worker_were_seen_and_nothing_waits(client):
    seen(heartbeat.WORKER, 10)
    seen(heartbeat.BEAT, 12)
    response = client.get("/healthz/deep")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "ok",
        "worker": fine(10, 90),
        "beat": fine(12, 90),
        "pending_deliveries": fine(None, 180),
        "unevaluated_checkins": fine(None, 120),
        "unhandled_texts": fine(None, 180),
        "status": "ok",
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_deep_tells_a_stopped_worker_from_a_stopped_beat(client):
    seen(heartbeat.BEAT, 20)
    seen(heartbeat.WORKER, 100)
    worker_down = client.get("/healthz/deep")
    assert worker_down.status_code == 503
    body = worker_down.json()
    assert (body["worker"], body["beat"], body["status"]) == (
        late(100, 90),
        fine(20, 90),
        "degraded",
    )

    seen(heartbeat.BEAT, 95)  # beat sends nothing: no tick reaches the worker either
    body = client.get("/healthz/deep").json()
    assert (body["worker"]["status"], body["beat"]) == ("late", late(95, 90))


@pytest.mark.django_db
def test_deep_counts_never_seen_as_late(client):
    response = client.get("/healthz/deep")
    assert response.status_code == 503
    assert response.json()["worker"] == late(None, 90)
    assert response.json()["beat"] == late(None, 90)


@pytest.mark.django_db
def test_deep_reports_the_oldest_unevaluated_check_in_and_no_one_in_it(client):
    seen(heartbeat.WORKER, 0)
    seen(heartbeat.BEAT, 0)
    now = timezone.now()
    waiting = CheckInFactory(member__display_name="Zqmembername", note="Zqnotetext", updated_at=now)
    CheckIn.objects.filter(pk=waiting.pk).update(updated_at=now - timedelta(seconds=60))
    CheckInFactory(evaluated_at=now, updated_at=now - timedelta(hours=5))  # read long ago
    response = client.get("/healthz/deep")
    assert (response.status_code, response.json()["unevaluated_checkins"]) == (200, fine(60, 120))

    CheckIn.objects.filter(pk=waiting.pk).update(updated_at=now - timedelta(seconds=200))
    response = client.get("/healthz/deep")
    assert (response.status_code, response.json()["unevaluated_checkins"]) == (503, late(200, 120))
    assert b"Zqmembername" not in response.content and b"Zqnotetext" not in response.content


@pytest.mark.django_db
def test_deep_reports_the_oldest_due_delivery_but_not_a_retry_still_waiting(client, member):
    seen(heartbeat.WORKER, 0)
    seen(heartbeat.BEAT, 0)
    now = timezone.now()
    due = outbox.record(Purpose.REMINDER, Channel.EMAIL, "alex@example.org", "Check in?")
    Delivery.objects.filter(pk=due.pk).update(next_attempt_at=now + timedelta(minutes=10))
    response = client.get("/healthz/deep")
    assert (response.status_code, response.json()["pending_deliveries"]) == (200, fine(None, 180))

    Delivery.objects.filter(pk=due.pk).update(next_attempt_at=now - timedelta(seconds=240))
    response = client.get("/healthz/deep")
    assert (response.status_code, response.json()["pending_deliveries"]) == (503, late(240, 180))
    assert b"alex@example.org" not in response.content


@pytest.mark.django_db
def test_deep_with_the_database_down_says_unknown_without_asking_it(
    client, django_assert_num_queries
):
    with (
        mock.patch.object(health, "database_state", return_value="down"),
        django_assert_num_queries(0),
    ):
        response = client.get("/healthz/deep")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "down"
    assert body["worker"] == {"status": "unknown", "late_after_seconds": 90}
    assert body["unevaluated_checkins"] == {"status": "unknown", "late_after_seconds": 120}


@pytest.mark.django_db
def test_deep_answers_503_when_the_broker_is_unreachable(client, broker_unreachable):
    seen(heartbeat.WORKER, 0)
    seen(heartbeat.BEAT, 0)
    response = client.get("/healthz/deep")
    assert (response.status_code, response.json()["broker"]) == (503, "down")
