"""Background work for alerts"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from celery import shared_task
from django.db import transaction

from accounts.models import User
from alerts import notify
from alerts.evaluation import evaluate_many, quiet_members, unevaluated_members
from alerts.models import Alert
from core.enqueue import SEND_TASK_OPTIONS, enqueue_each, enqueue_on_commit

log = logging.getLogger(__name__)

EVALUATE_BATCH = 200


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
def evaluate_member(member_id: int) -> int:
    """Run the warning-stage rules for one member (idempotent: updates, never duplicates)."""
    member = User.objects.filter(pk=member_id).first()
    if member is None:
        return 0
    found = evaluate_many([member])
    announce(found.news, found.urgent)
    log.info("evaluated member=%s alerts=%s", member_id, len(found.alerts[member_id]))
    return len(found.alerts[member_id])


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def sweep_unevaluated() -> int:
    """Every few minutes: evaluate what was saved while the broker was unreachable."""
    return evaluate_in_batches(list(unevaluated_members().values_list("pk", flat=True)[:5000]))


@shared_task(acks_late=True, soft_time_limit=1700, time_limit=1800)
def sweep_isolation() -> int:
    """Nightly: members who went quiet have saved nothing to trigger an evaluation."""
    return evaluate_in_batches(list(quiet_members().values_list("pk", flat=True)))


def evaluate_in_batches(ids: list[int]) -> int:
    """Set-based evaluation, one transaction per batch (a failure loses one batch's work)."""
    for start in range(0, len(ids), EVALUATE_BATCH):
        with transaction.atomic():
            found = evaluate_many(
                list(User.objects.filter(pk__in=ids[start : start + EVALUATE_BATCH]))
            )
            announce(found.news, found.urgent)
    return len(ids)


def announce(alerts: list[Alert], urgent: Sequence[Alert] = ()) -> None:
    """Have people told about alerts that just opened or that a new signal reached, once
    the evaluation has committed (Evaluation.news; the repeat windows apply in notify),
    and on-call at once about a new "yes" to the self-harm question (`urgent`)."""
    for alert in alerts:
        enqueue_on_commit(notify_alert, alert.pk)
    for alert in urgent:
        enqueue_on_commit(escalate_now, alert.pk)


# A fault of the mail server or gateway is the outbox's to retry; these retry the rest.
NOTIFY_OPTIONS = SEND_TASK_OPTIONS


@shared_task(**NOTIFY_OPTIONS)
def notify_alert(alert_id: int) -> int:
    """A new alert, or news on one: the care team by email; for mental and physical,
    supporters who agreed
    (unless the alert says the member chooses: Alert.tell_supporters)."""
    # Every message is recorded before it is sent; a passing fault is retried by the outbox.
    told = notify.tell_care_team(alert_id)
    if Alert.objects.filter(pk=alert_id, tell_supporters=True).exists():
        told += notify.tell_supporters(alert_id)
    notify.mark_notified(alert_id)
    log.info("alert_notified id=%s told=%s", alert_id, told)
    return told


@shared_task(**NOTIFY_OPTIONS)
def tell_chosen_supporters(alert_id: int, contact_ids: list[int], peer: bool) -> int:
    """ "I'm struggling": the contacts and peer the member picked on that screen."""
    told = notify.tell_supporters(alert_id, contact_ids, peer=peer)
    log.info("supporters_told alert=%s told=%s", alert_id, told)
    return told


@shared_task(acks_late=True, soft_time_limit=100, time_limit=110)
def escalate_overdue() -> int:
    """Every few minutes: alerts past their stage's time without acknowledgement, and new
    alerts whose notify task was lost (broker down, retries spent)."""
    enqueue_each(notify_alert, ((alert_id,) for alert_id in notify.unnotified_alerts()))
    # New signals the care-team repeat window held back: told once it has passed.
    enqueue_each(notify_alert, ((alert_id,) for alert_id in notify.news_waiting()))
    ids = notify.overdue_alerts()
    enqueue_each(escalate_alert, ((alert_id,) for alert_id in ids))
    return len(ids)


@shared_task(**NOTIFY_OPTIONS)
def escalate_now(alert_id: int) -> int:
    told = notify.escalate_now(alert_id)
    log.info("alert_escalated_now id=%s told=%s", alert_id, told)
    return told


@shared_task(**NOTIFY_OPTIONS)
def escalate_alert(alert_id: int) -> int:
    told = notify.escalate(alert_id)
    log.info("alert_escalated id=%s told=%s", alert_id, told)
    return told


def evaluate_soon(sender: object, member_id: int, **kwargs: Any) -> None:
    """checkins.events.recorded: evaluate the member once their save has committed."""
    enqueue_on_commit(evaluate_member, member_id)
