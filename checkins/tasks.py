from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import viewers_of
from accounts.models import Role, Scope, User
from core.enqueue import SEND_TASK_OPTIONS
from core.repeat import CARE_TEAM_REPEAT
from messaging.models import Channel, Delivery, DeliveryStatus
from messaging.transports import TransportError, deliver

log = logging.getLogger(__name__)


@shared_task(**{**SEND_TASK_OPTIONS, "autoretry_for": (OSError, TransportError)})
def tell_counselors(member_id: int) -> int:
    """Email the member's counselors that they asked for support. No health details in it."""
    member = User.objects.get(pk=member_id)
    # The care team, as the gate's engagement scope for counselors defines it (an active
    # team link, an active account). No content scope applies: the email says only that
    # the member asked to hear from them; asking for alerts consent would silently drop
    # the request of a member who shared no alerts, after the page said it would go.
    counselors = viewers_of(member, Scope.ENGAGEMENT, role=Role.COUNSELOR)
    recently = set(
        Delivery.objects.filter(
            CARE_TEAM_REPEAT.recent(),
            purpose="tell_counselor",
            about=member,
            status=DeliveryStatus.SENT,
        ).values_list("to_user_id", flat=True)
    )
    url = settings.WAYPOINT_SITE_URL + reverse("client_detail", args=[member.pk])
    body = _(
        "%(name)s asked Waypoint to let you know they're going through a hard time right now "
        "and would like to hear from you soon.\n\nTheir page: %(url)s"
    ) % {"name": member.display_name, "url": url}
    subject = _("%(name)s would like to hear from you") % {"name": member.display_name}
    sent = 0
    for counselor in counselors:
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
