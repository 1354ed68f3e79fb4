"""Heartbeats: when beat last sent its tick, and when a worker last ran one.

Beat sends, a worker runs: each stamps its own row, so a monitor can tell which is down.
Beat stamps "beat" once it has handed `core.tasks.heartbeat` to the broker
(after_task_publish runs in the process that sent it); the worker that runs the task
stamps "worker". Beat down: both rows go stale. Worker down: only the worker's does.
The same holds with the Redis broker and with `make run`'s filesystem broker (beat
embedded in the worker), since neither stamp goes through the broker's own bookkeeping.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import DatabaseError, connection
from django.utils import timezone

from core.models import Heartbeat

log = logging.getLogger(__name__)

BEAT = "beat"
WORKER = "worker"
TASK = "core.tasks.heartbeat"  # beat sends it every 30 s (CELERY_BEAT_SCHEDULE)
# Three ticks missed: one late tick (a busy worker, a slow publish) is not an outage.
LATE_AFTER = timedelta(seconds=90)


def stamp(name: str) -> None:
    # One upsert: two worker processes stamping at once must not collide on the key.
    Heartbeat.objects.bulk_create(
        [Heartbeat(name=name, seen_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["seen_at"],
    )


def seen(name: str) -> datetime | None:
    return Heartbeat.objects.filter(name=name).values_list("seen_at", flat=True).first()


def beat_sent(sender: str | None = None, **kwargs: Any) -> None:
    """after_task_publish: in beat, the heartbeat task has reached the broker."""
    if sender != TASK:
        return
    try:
        stamp(BEAT)
    except DatabaseError:  # beat keeps ticking; the stale row tells the monitor
        log.warning("heartbeat_not_stamped by=beat", exc_info=True)
    finally:
        # Beat serves no requests, so nothing else closes its connection: a fresh one
        # each tick, so that a database failover never leaves beat on a read-only one.
        connection.close()


def beat_started(sender: Any = None, **kwargs: Any) -> None:
    """beat_init: send the first tick at once. A beat started without its schedule file (a
    new container) would wait a whole interval first, and the monitor would call a running
    beat and worker late for another 30 s after a restart."""
    from celery import current_app

    # The schedule's own options (its expiry), so this tick is like every other.
    options = current_app.conf.beat_schedule["heartbeat"].get("options", {})
    try:
        current_app.send_task(TASK, **options)
    except Exception:  # the broker is down at start: beat's own ticks follow
        log.warning("heartbeat_not_sent_at_start", exc_info=True)
