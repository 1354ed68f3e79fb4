from __future__ import annotations

import logging

from celery import shared_task

from outcomes import snapshots

log = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1860)
def snapshot_outcomes() -> int:
    """Nightly: recompute the closed months of every program's outcomes (idempotent)."""
    return snapshots.refresh_all()
