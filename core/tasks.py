"""Background work for core: housekeeping only."""

from __future__ import annotations

import logging

from celery import shared_task

from core import submissions

log = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=50, time_limit=55)
def purge_form_submissions() -> int:
    """Hourly: forget form keys older than a day (a back button that old opens a fresh form)."""
    deleted = submissions.purge()
    log.info("form_submissions_purged count=%s", deleted)
    return deleted
