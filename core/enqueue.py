"""Enqueue Celery work after the database commit, never failing the request."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from celery import Task
from django.db import InterfaceError, OperationalError, transaction

from core import redis_rest

log = logging.getLogger(__name__)

# For tasks that send one email: retried on network errors (SMTP down) and on a database
# that went away mid-task (a restart or failover: the retry opens a new connection) with
# backoff, a bounded number of times; acknowledged only once done. Without the database
# retry, an alert whose notify task met a restart waited for the re-notify sweep (minutes).
SEND_TASK_OPTIONS: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (OSError, InterfaceError, OperationalError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
    "soft_time_limit": 50,
    "time_limit": 60,
}


def enqueue_on_commit(task: Task, *args: Any) -> None:
    """Send `task` once the current transaction commits.

    If the broker is down or resting (core.redis_rest) the saved row stays unprocessed
    and a periodic sweep picks it up, so the person's request still succeeds.
    """

    def send() -> None:
        if not redis_rest.usable():
            log.warning("enqueue_skipped task=%s args=%s", task.name, args)
            return
        try:
            task.delay(*args)
        except Exception as exc:  # kombu raises OperationalError and friends; the sweep retries
            redis_rest.failed(exc, "publish")
            log.warning("enqueue_failed task=%s args=%s", task.name, args, exc_info=True)

    transaction.on_commit(send)


def enqueue_each(task: Task, calls: Iterable[tuple[Any, ...]]) -> int:
    """From a periodic tick: send `task` once per argument tuple; stop at the first failure.

    Whatever was not handed over is still in the database, so the next tick tries again.
    Returns how many were sent.
    """
    sent = 0
    if not redis_rest.usable():
        log.warning("enqueue_skipped task=%s", task.name)
        return sent
    for args in calls:
        try:
            task.delay(*args)
        except Exception as exc:  # kombu raises OperationalError and friends
            redis_rest.failed(exc, "publish")
            log.warning("enqueue_failed task=%s", task.name, exc_info=True)
            break
        sent += 1
    return sent
