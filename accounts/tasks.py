from __future__ import annotations

import logging

from celery import shared_task

from .invitations import send_invitation_email
from .models import Invitation

log = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    time_limit=60,
)
def send_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.usable().filter(pk=invitation_id, sent_at__isnull=True).first()
    if invitation is None:
        # Already sent, accepted or expired: a repeated delivery of this task does nothing.
        log.info("invitation_skip id=%s", invitation_id)
        return
    send_invitation_email(invitation)
    log.info("invitation_sent id=%s", invitation_id)
