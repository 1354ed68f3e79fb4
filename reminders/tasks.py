"""Background work for reminders"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import shared_task
from django.utils import timezone

from core.enqueue import enqueue_each
from reminders import dispatch as reminders
from reminders.models import ReminderDelivery, TickMark

log = logging.getLogger(__name__)

SEND_BATCH = 200
# Reminder history is operational, not part of anyone's record: keep it for a quarter.
REMINDER_HISTORY = timedelta(days=90)


REMINDER_TICK = "reminders"


@shared_task(acks_late=True, soft_time_limit=50, time_limit=55)
def dispatch_reminders() -> int:
    """Every minute: record the reminder slots due since the last tick, then hand them over."""
    now = timezone.now()
    mark, _created = TickMark.objects.get_or_create(
        name=REMINDER_TICK, defaults={"at": now - timedelta(minutes=1)}
    )
    tick = reminders.dispatch(mark.at, now)
    TickMark.objects.filter(name=REMINDER_TICK, at__lt=now).update(at=now)
    ids = tick.to_send + reminders.stranded(now)
    # Rows not handed over stay pending; the next tick hands them over again.
    enqueue_each(
        send_reminders, ((ids[i : i + SEND_BATCH],) for i in range(0, len(ids), SEND_BATCH))
    )
    log.info("reminders_dispatched recorded=%s to_send=%s", tick.recorded, len(ids))
    return len(ids)


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def purge_reminder_history() -> int:
    """Nightly: drop old reminder deliveries, in batches so no lock is held for long."""
    cutoff = timezone.now() - REMINDER_HISTORY
    removed = 0
    while True:
        batch = list(
            ReminderDelivery.objects.filter(due_at__lt=cutoff).values_list("pk", flat=True)[:5000]
        )
        if not batch:
            return removed
        removed += ReminderDelivery.objects.filter(pk__in=batch).delete()[0]


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def send_reminders(delivery_ids: list[int]) -> int:
    """Send a batch; each one that hit a passing fault is retried alone, with backoff."""
    sent = 0
    for delivery_id in delivery_ids:
        outcome = reminders.send(delivery_id)
        if outcome == reminders.Outcome.RETRY:
            retry_reminder.apply_async((delivery_id,), countdown=60)
        sent += outcome == reminders.Outcome.SENT
    return sent


@shared_task(bind=True, acks_late=True, soft_time_limit=50, time_limit=60, max_retries=0)
def retry_reminder(self: Any, delivery_id: int) -> str:
    outcome = reminders.send(delivery_id)
    if outcome == reminders.Outcome.RETRY:
        attempts = (
            ReminderDelivery.objects.filter(pk=delivery_id)
            .values_list("attempts", flat=True)
            .first()
            or 1
        )
        # Exponential backoff: 1, 2, 4, 8 minutes after the first try.
        retry_reminder.apply_async((delivery_id,), countdown=60 * 2 ** max(attempts - 1, 0))
    return str(outcome)
