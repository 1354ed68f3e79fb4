from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.enqueue import SEND_TASK_OPTIONS
from accounts.models import CareAssignment, User

log = logging.getLogger(__name__)


@shared_task(**SEND_TASK_OPTIONS)
def tell_counselors(member_id: int) -> int:
    """Email the member's counselors that they asked for support. No health details in it."""
    member = User.objects.get(pk=member_id)
    links = CareAssignment.objects.active().filter(member=member).select_related("counselor")
    sent = 0
    for link in links:
        url = settings.WAYPOINT_SITE_URL + reverse("client_detail", args=[member.pk])
        body = _(
            "%(name)s asked Waypoint to let you know they're going through a hard time right now "
            "and would like to hear from you soon.\n\nTheir page: %(url)s"
        ) % {"name": member.display_name, "url": url}
        subject = _("%(name)s would like to hear from you") % {"name": member.display_name}
        sent += send_mail(subject, body, None, [link.counselor.email])
    log.info("tell_counselors member=%s sent=%s", member_id, sent)
    return sent
