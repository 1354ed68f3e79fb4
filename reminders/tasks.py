"""Background work for reminders"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from messaging.models import Delivery, Purpose
from messaging.tasks import hand_over
from reminders import dispatch as reminders
from reminders.models import TickMark

log = logging.getLogger(__name__)

# Reminder history is operational, not part of anyone's record: keep it for a quarter.
REMINDER_HISTORY = timedelta(days=90)


REMINDER_TICK = "reminders"


@shared_task(acks_late=True, soft_time_limit=50, time_limit=55)
def dispatch_reminders() -> int:
    """Every minute: record the reminder slots due since the last tick, then hand them over
    to the outbox. Rows not handed over stay pending; the outbox's sweep hands them over."""
    now = timezone.now()
    mark, _created = TickMark.objects.get_or_create(
        name=REMINDER_TICK, defaults={"at": now - timedelta(minutes=1)}
    )
    tick = reminders.dispatch(mark.at, now)
    TickMark.objects.filter(name=REMINDER_TICK, at__lt=now).update(at=now)
    late = reminders.expire_late(now)
    hand_over(tick.to_send)
    log.info(
        "reminders_dispatched recorded=%s to_send=%s late=%s",
        tick.recorded,
        len(tick.to_send),
        late,
    )
    return len(tick.to_send)


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def purge_reminder_history() -> int:
    """Nightly: drop old reminders (their slots go with them), in batches so no lock is held
    for long."""
    cutoff = timezone.now() - REMINDER_HISTORY
    removed = 0
    old = Delivery.objects.filter(purpose=Purpose.REMINDER, created_at__lt=cutoff)
    while True:
        batch = list(old.values_list("pk", flat=True)[:5000])
        if not batch:
            return removed
        removed += Delivery.objects.filter(pk__in=batch).delete()[1].get(Delivery._meta.label, 0)
