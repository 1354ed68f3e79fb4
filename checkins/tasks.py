from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CareAssignment, User
from core.enqueue import SEND_TASK_OPTIONS
from messaging import outbox
from messaging.models import Channel, Delivery, DeliveryStatus, Purpose

log = logging.getLogger(__name__)

# A second tap, or a retried task, must not send the same counselor the same news twice.
TELL_COUNSELOR_QUIET = timedelta(hours=12)


@shared_task(**SEND_TASK_OPTIONS)
def tell_counselors(member_id: int) -> int:
    """Email the member's counselors that they asked for support. No health details in it."""
    member = User.objects.get(pk=member_id)
    links = CareAssignment.objects.active().filter(member=member).select_related("counselor")
    recently = set(
        Delivery.objects.filter(
            purpose=Purpose.TELL_COUNSELOR,
            about=member,
            # Recorded is as good as sent: the outbox retries it, and a second tap within
            # the quiet time must not queue a second one.
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.SENT],
            created_at__gte=timezone.now() - TELL_COUNSELOR_QUIET,
        ).values_list("to_user_id", flat=True)
    )
    url = settings.WAYPOINT_SITE_URL + reverse("client_detail", args=[member.pk])
    body = _(
        "%(name)s asked Waypoint to let you know they're going through a hard time right now "
        "and would like to hear from you soon.\n\nTheir page: %(url)s"
    ) % {"name": member.display_name, "url": url}
    sent = 0
    for link in links:
        counselor = link.counselor
        if counselor.pk in recently:
            continue
        # The subject is fixed words (messaging.outbox): a name never goes into a header.
        _delivery, outcome = outbox.record_and_send(
            Purpose.TELL_COUNSELOR,
            Channel.EMAIL,
            counselor.email,
            body,
            to_user=counselor,
            about=member,
        )
        sent += outcome == outbox.Outcome.SENT
    log.info("tell_counselors member=%s sent=%s", member_id, sent)
    return sent
