"""Background work for core: housekeeping only."""

from __future__ import annotations

import logging

from celery import shared_task

from core import submissions
from core.heartbeat import WORKER, stamp

log = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=50, time_limit=55)
def purge_form_submissions() -> int:
    """Hourly: forget form keys older than a day (a back button that old opens a fresh form)."""
    deleted = submissions.purge()
    log.info("form_submissions_purged count=%s", deleted)
    return deleted


# Not acknowledged late: a tick lost with its worker is not redelivered, the next one is.
@shared_task(acks_late=False, soft_time_limit=10, time_limit=15)
def heartbeat() -> None:
    """Every 30 s, sent by beat: this worker is alive and taking tasks (core.heartbeat)."""
    stamp(WORKER)
