"""Background work for the outbox: send what was handed over, and the sweep."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from core.enqueue import enqueue_each
from messaging import outbox

log = logging.getLogger(__name__)

SEND_BATCH = 200


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def send_deliveries(delivery_ids: list[int]) -> int:
    """Send a batch; each is claimed first, so a repeated task sends nothing twice."""
    return sum(outbox.send(delivery_id) == outbox.Outcome.SENT for delivery_id in delivery_ids)


def hand_over(ids: list[int]) -> int:
    """Enqueue `send_deliveries` in batches; what the broker did not take stays pending."""
    return enqueue_each(
        send_deliveries, ((ids[i : i + SEND_BATCH],) for i in range(0, len(ids), SEND_BATCH))
    )


@shared_task(acks_late=True, soft_time_limit=50, time_limit=55)
def sweep_outbox() -> int:
    """Every minute: settle rows left `sending`, hand over pending rows that are due."""
    now = timezone.now()
    settled = outbox.settle_stuck(now)
    ids = outbox.due(now)
    hand_over(ids)
    if settled or ids:
        log.info("outbox_swept settled=%s handed=%s", settled, len(ids))
    return len(ids)
