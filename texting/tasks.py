"""The worker's side of an inbound text: handle it once, then send the replies."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from core.enqueue import SEND_TASK_OPTIONS, enqueue_each
from messaging import outbox
from messaging.models import Channel
from texting.conversation import respond
from texting.models import InboundText

log = logging.getLogger(__name__)

# A text the broker never handed over (it was down) is picked up by the sweep after this,
# and tried each minute for a day: a text that fails to be handled for longer (a bug) is
# left for an operator (`inbound_unhandled` in the log) rather than tried for ever.
SETTLE = timedelta(seconds=30)
GIVE_UP = timedelta(days=1)
# /healthz/deep says texts wait too long after three missed sweeps.
UNHANDLED_LATE_AFTER = timedelta(minutes=3)


def oldest_unhandled() -> datetime | None:
    """Since when the longest-waiting inbound text has waited for the worker."""
    return InboundText.objects.filter(handled_at__isnull=True).aggregate(at=Min("received_at"))[
        "at"
    ]


@shared_task(**SEND_TASK_OPTIONS)
def handle_inbound(inbound_id: int) -> int:
    """Do what the text says, exactly once; return how many replies were sent.

    The row is locked and marked handled in the transaction that records the replies, so a
    second run (a redelivered task, the sweep) finds it handled and does nothing. The body
    is emptied then: what it said lives on only as the check-in or report it made.
    """
    with transaction.atomic():
        inbound = InboundText.objects.select_for_update().filter(pk=inbound_id).first()
        if inbound is None or inbound.handled_at is not None:
            return 0
        answers = respond(inbound)
        recorded = [
            outbox.record(
                answer.purpose,
                Channel.SMS,
                inbound.phone,
                answer.text,
                to_user=inbound.member,
                about=inbound.member,
            )
            for answer in answers
        ]
        inbound.handled_at = timezone.now()
        inbound.text = ""
        inbound.save(update_fields=["member", "handled_at", "text"])
    sent = sum(outbox.send(d.pk) == outbox.Outcome.SENT for d in recorded)
    # Never the text itself, nor the number: the row's id says which.
    log.info("inbound_handled id=%s replies=%s sent=%s", inbound_id, len(recorded), sent)
    return sent


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
def sweep_inbound() -> int:
    """Every minute: hand over texts stored while the broker was down."""
    now = timezone.now()
    unhandled = InboundText.objects.filter(handled_at__isnull=True)
    stuck = unhandled.filter(received_at__lt=now - GIVE_UP).count()
    if stuck:
        log.error("inbound_unhandled count=%s", stuck)
    due = unhandled.filter(received_at__gte=now - GIVE_UP, received_at__lte=now - SETTLE)
    ids = due.order_by("received_at").values_list("pk", flat=True)[:1000]
    return enqueue_each(handle_inbound, [(pk,) for pk in ids])
