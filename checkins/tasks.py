from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enqueue import SEND_TASK_OPTIONS, enqueue_each
from accounts.models import CareAssignment, User
from checkins import notify, reminders
from checkins.alerts import evaluate, evaluate_many, quiet_members, unevaluated_members
from checkins.models import ReminderDelivery, TickMark
from contacts.channels import TransportError, deliver
from contacts.models import Channel, Delivery, DeliveryStatus

log = logging.getLogger(__name__)

# A second tap, or a retried task, must not send the same counselor the same news twice.
TELL_COUNSELOR_QUIET = timedelta(hours=12)


@shared_task(**{**SEND_TASK_OPTIONS, "autoretry_for": (OSError, TransportError)})
def tell_counselors(member_id: int) -> int:
    """Email the member's counselors that they asked for support. No health details in it."""
    member = User.objects.get(pk=member_id)
    links = CareAssignment.objects.active().filter(member=member).select_related("counselor")
    recently = set(
        Delivery.objects.filter(
            purpose="tell_counselor",
            about=member,
            status=DeliveryStatus.SENT,
            created_at__gte=timezone.now() - TELL_COUNSELOR_QUIET,
        ).values_list("to_user_id", flat=True)
    )
    url = settings.WAYPOINT_SITE_URL + reverse("client_detail", args=[member.pk])
    body = _(
        "%(name)s asked Waypoint to let you know they're going through a hard time right now "
        "and would like to hear from you soon.\n\nTheir page: %(url)s"
    ) % {"name": member.display_name, "url": url}
    subject = _("%(name)s would like to hear from you") % {"name": member.display_name}
    sent = 0
    for link in links:
        counselor = link.counselor
        if counselor.pk in recently:
            continue
        try:
            deliver(
                Channel.EMAIL,
                counselor.email,
                body,
                purpose="tell_counselor",
                subject=subject,
                to_user=counselor,
                about=member,
            )
        except TransportError as exc:
            if not exc.permanent:
                raise  # retried with backoff; counselors already told are skipped then
            continue
        sent += 1
    log.info("tell_counselors member=%s sent=%s", member_id, sent)
    return sent


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
def evaluate_member(member_id: int) -> int:
    """Run the warning-stage rules for one member (idempotent: updates, never duplicates)."""
    member = User.objects.filter(pk=member_id).first()
    if member is None:
        return 0
    alerts = evaluate(member)
    log.info("evaluated member=%s alerts=%s", member_id, len(alerts))
    return len(alerts)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def sweep_unevaluated() -> int:
    """Every few minutes: evaluate what was saved while the broker was unreachable."""
    return evaluate_in_batches(list(unevaluated_members().values_list("pk", flat=True)[:5000]))


@shared_task(acks_late=True, soft_time_limit=1700, time_limit=1800)
def sweep_isolation() -> int:
    """Nightly: members who went quiet have saved nothing to trigger an evaluation."""
    return evaluate_in_batches(list(quiet_members().values_list("pk", flat=True)))


EVALUATE_BATCH = 200


def evaluate_in_batches(ids: list[int]) -> int:
    """Set-based evaluation, one transaction per batch (a failure loses one batch's work)."""
    for start in range(0, len(ids), EVALUATE_BATCH):
        evaluate_many(list(User.objects.filter(pk__in=ids[start : start + EVALUATE_BATCH])))
    return len(ids)


# --- Reminders ---------------------------------------------------------------------------

SEND_BATCH = 200
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


# Reminder history is operational, not part of anyone's record: keep it for a quarter.
REMINDER_HISTORY = timedelta(days=90)


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


# --- Telling people about alerts ---------------------------------------------------------

NOTIFY_OPTIONS = {**SEND_TASK_OPTIONS, "autoretry_for": (OSError, TransportError)}


@shared_task(**NOTIFY_OPTIONS)
def notify_alert(alert_id: int, supporters: bool = True) -> int:
    """A new alert: the care team by email; for mental and physical, supporters who agreed."""
    # A mail server fault must not keep supporters from hearing: try both, then retry.
    told, passing = 0, None
    steps = [notify.tell_care_team] + ([notify.tell_supporters] if supporters else [])
    for step in steps:
        try:
            told += step(alert_id)
        except TransportError as exc:
            passing = exc
    if passing is not None:
        raise passing
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
    ids = notify.overdue_alerts()
    enqueue_each(escalate_alert, ((alert_id,) for alert_id in ids))
    return len(ids)


@shared_task(**NOTIFY_OPTIONS)
def escalate_alert(alert_id: int) -> int:
    told = notify.escalate(alert_id)
    log.info("alert_escalated id=%s told=%s", alert_id, told)
    return told
