from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import viewers_of
from accounts.models import Role, Scope, User
from core.enqueue import SEND_TASK_OPTIONS
from core.repeat import CARE_TEAM_REPEAT
from messaging import outbox
from messaging.models import Channel, Delivery, DeliveryStatus, Purpose

log = logging.getLogger(__name__)


@shared_task(**SEND_TASK_OPTIONS)
def tell_counselors(member_id: int) -> int:
    """Email the member's counselors that they asked for support. No health details in it."""
    with transaction.atomic():
        # Locking the member serialises two quick taps on two workers: the second sees the
        # first one's rows and records nothing more (the repeat window holds).
        member = User.objects.select_for_update().get(pk=member_id)
        recorded = _record_for_care_team(member)
    sent = sum(outbox.send(d.pk) == outbox.Outcome.SENT for d in recorded)
    log.info("tell_counselors member=%s sent=%s", member_id, sent)
    return sent


def _recent_asks(member: User) -> QuerySet[Delivery]:
    return Delivery.objects.filter(
        CARE_TEAM_REPEAT.recent(),
        purpose=Purpose.TELL_COUNSELOR,
        about=member,
        # Recorded is as good as sent: the outbox retries it, and a second tap within
        # the repeat window must not queue a second one.
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.SENT],
    )


def asked_recently(member: User) -> bool:
    """Whether the member's ask already went to their care team within the repeat window."""
    return _recent_asks(member).exists()


def _record_for_care_team(member: User) -> list[Delivery]:
    # The care team, as the gate's engagement scope for counselors defines it (an active
    # team link, an active account). No content scope applies: the email says only that
    # the member asked to hear from them; asking for alerts consent would silently drop
    # the request of a member who shared no alerts, after the page said it would go.
    counselors = viewers_of(member, Scope.ENGAGEMENT, role=Role.COUNSELOR)
    recently = set(_recent_asks(member).values_list("to_user_id", flat=True))
    url = settings.WAYPOINT_SITE_URL + reverse("client_detail", args=[member.pk])

    def body() -> str:
        return _(
            "%(name)s asked Waypoint to let you know they're going through a hard time right "
            "now and would like to hear from you soon.\n\nTheir page: %(url)s"
        ) % {"name": member.display_name, "url": url}

    # The subject is fixed words (messaging.outbox): a name never goes into a header.
    return [
        outbox.record(
            Purpose.TELL_COUNSELOR,
            Channel.EMAIL,
            counselor.email,
            body,
            to_user=counselor,
            about=member,
        )
        for counselor in counselors
        if counselor.pk not in recently
    ]
