from __future__ import annotations

import logging

from celery import shared_task

from accounts.models import Role, User
from alumni import drift
from messaging.transports import TransportError

log = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def drift_digests() -> int:
    """Daily: each coordinator hears how many members started drifting (no names by email)."""
    sent = 0
    coordinators = User.objects.filter(role=Role.COORDINATOR, is_active=True, program__isnull=False)
    for coordinator in coordinators:
        try:
            sent += drift.send_digest(coordinator)
        except TransportError:  # recorded on the delivery; tomorrow's digest counts anew
            log.warning("drift_digest_failed coordinator=%s", coordinator.pk)
    log.info("drift_digests sent=%s", sent)
    return sent
