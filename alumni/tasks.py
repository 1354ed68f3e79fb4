from __future__ import annotations

import logging

from celery import shared_task

from accounts.models import Role, User
from alumni import drift

log = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def drift_digests() -> int:
    """Daily: each coordinator hears how many members started drifting (no names by email)."""
    sent = 0
    coordinators = User.objects.filter(role=Role.COORDINATOR, is_active=True, program__isnull=False)
    for coordinator in coordinators:
        # A failure is recorded on the delivery (the outbox); tomorrow's digest counts anew.
        sent += drift.send_digest(coordinator)
    log.info("drift_digests sent=%s", sent)
    return sent
