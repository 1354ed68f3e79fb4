"""/healthz for the container's probe; /healthz/deep for monitors.

/healthz stays quick: can this web container serve? The database answers and takes
writes, and the broker answers. Docker's probe calls it; a dead worker must not mark `web`
unhealthy, since restarting web would not bring the worker back.

/healthz/deep adds what a monitor must hear about: beat and the worker have been seen
lately (core.heartbeat), and nothing waits longer than it should for them (backlogs
registered by the apps that own them: alerts, messaging). Each answer carries its
threshold. Both answer 503 when anything is down or late, and name nobody: ages only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from core import heartbeat
from recovery_site.celery import app as celery_app

log = logging.getLogger(__name__)

OK = "ok"


def database_state() -> str:
    """ "ok", "read-only" (answers, refuses writes) or "down"."""
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # A standby, or a session opened while the primary was read-only, answers
                # SELECT 1 and refuses every check-in: for Waypoint that is down.
                cursor.execute("SELECT current_setting('transaction_read_only')")
                writable = cursor.fetchone() == ("off",)
            else:
                cursor.execute("SELECT 1")
                if cursor.fetchone() != (1,):
                    return "down"
                writable = True
    except Exception:  # any driver error means "not answering"
        log.warning("healthz database_down", exc_info=True)
        return "down"
    if not writable:
        # A read-only session stays so for its whole life: this process opens a new one.
        connection.close()
        return "read-only"
    return OK


def broker_state() -> str:
    try:
        if celery_app.conf.broker_url.startswith(("redis://", "rediss://")):
            _ping_redis(celery_app.conf.broker_url)
        else:
            with celery_app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)
        return OK
    except Exception:  # kombu raises several kinds; all mean "not answering"
        log.warning("healthz broker_down", exc_info=True)
        return "down"


def _ping_redis(url: str) -> None:
    """One PING on a connection of its own, waiting at most REDIS_TIMEOUT_SECONDS per step:
    kombu's ensure_connection retries inside its own timeout, so a hung Redis (the port
    takes the connection, nothing answers) kept /healthz past a monitor's 5 s."""
    seconds = settings.REDIS_TIMEOUT_SECONDS
    client = redis.Redis.from_url(url, socket_timeout=seconds, socket_connect_timeout=seconds)
    try:
        if not client.ping():
            raise redis.exceptions.ConnectionError("no PONG")
    finally:
        client.close()


@dataclass(frozen=True)
class Watch:
    """A moment a monitor watches: how long ago `since()` was, against `late_after`.

    `since()` None means nothing is waiting (a backlog: fine) or the process was never
    seen (a heartbeat: late).
    """

    since: Callable[[], datetime | None]
    late_after: timedelta
    never_is_late: bool = False

    def unknown(self) -> dict[str, Any]:
        return {"status": "unknown", "late_after_seconds": self.threshold}

    @property
    def threshold(self) -> int:
        return round(self.late_after.total_seconds())

    def report(self, now: datetime) -> dict[str, Any]:
        try:
            at = self.since()
        except Exception:  # the database failed between checks: unknown, not a crash
            log.warning("healthz watch_failed", exc_info=True)
            return self.unknown()
        age = None if at is None else max(0, round((now - at).total_seconds()))
        late = self.never_is_late if age is None else age > self.threshold
        return {
            "status": "late" if late else OK,
            "age_seconds": age,
            "late_after_seconds": self.threshold,
        }


WATCHES: dict[str, Watch] = {
    "worker": Watch(partial(heartbeat.seen, heartbeat.WORKER), heartbeat.LATE_AFTER, True),
    "beat": Watch(partial(heartbeat.seen, heartbeat.BEAT), heartbeat.LATE_AFTER, True),
}


def watch_backlog(name: str, oldest: Callable[[], datetime | None], late_after: timedelta) -> None:
    """For apps above core (in their AppConfig.ready): work waiting in the database for a
    background process, and how long the oldest item may wait before it is late."""
    WATCHES[name] = Watch(oldest, late_after)


def _answer(body: dict[str, Any]) -> JsonResponse:
    healthy = all(
        (value if isinstance(value, str) else value["status"]) == OK for value in body.values()
    )
    response = JsonResponse({**body, "status": OK if healthy else "degraded"})
    response.status_code = 200 if healthy else 503
    add_never_cache_headers(response)
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    return _answer({"database": database_state(), "broker": broker_state()})


def healthz_deep(request: HttpRequest) -> JsonResponse:
    body: dict[str, Any] = {"database": database_state(), "broker": broker_state()}
    now = timezone.now()
    for name, watch in WATCHES.items():
        # Every watch reads the database: with it down, no waiting on it once per watch.
        body[name] = watch.unknown() if body["database"] == "down" else watch.report(now)
    return _answer(body)


ENDPOINTS = {"/healthz": healthz, "/healthz/deep": healthz_deep}


class HealthCheckMiddleware:
    """Answers /healthz and /healthz/deep before host checks and the HTTPS redirect.

    Container and load-balancer probes call them by IP over plain HTTP.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if endpoint := ENDPOINTS.get(request.path):
            return endpoint(request)
        return self.get_response(request)
