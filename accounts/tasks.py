from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from accounts.mail import send_invitation as send_invitation_email
from accounts.models import Invitation
from core.enqueue import SEND_TASK_OPTIONS, enqueue_each

log = logging.getLogger(__name__)


@shared_task(**SEND_TASK_OPTIONS)
def send_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.usable().filter(pk=invitation_id, sent_at__isnull=True).first()
    if invitation is None:
        # Already sent, accepted or expired: a repeated delivery of this task does nothing.
        log.info("invitation_skip id=%s", invitation_id)
        return
    if send_invitation_email(invitation):
        log.info("invitation_sent id=%s", invitation_id)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def send_pending_invitations() -> int:
    """Sweep: invitations saved while the broker was unreachable still go out."""
    settled = timezone.now() - timedelta(minutes=2)
    pending = Invitation.objects.usable().filter(sent_at__isnull=True, created_at__lt=settled)
    ids = list(pending.values_list("pk", flat=True)[:500])
    enqueue_each(send_invitation, ((invitation_id,) for invitation_id in ids))
    return len(ids)
