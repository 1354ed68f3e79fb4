""" "I'd like more support": the member asks their care team for a step up in care.

A double tap, a reload or the back button and "Send" again must not send a second
request: an open request for the same level within a few minutes is the same request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from stepping_up.models import CareRequest
from stepping_up.notify import care_team, record_for_care_team

SAME_REQUEST = timedelta(minutes=10)


class NobodyToAsk(Exception):
    """No counselor may see the member's plan: a request would reach no one."""


@dataclass(frozen=True)
class Asked:
    request: CareRequest
    new: bool  # False: the same request as a moment ago, nothing more was sent
    told: list[str]  # the counselors who may see it, by name
    delivery_ids: list[int]  # emails recorded just now, for the outbox


def ask(member: User, *, level: str, note: str, origin: str) -> Asked:
    with transaction.atomic():
        # Locking the member serialises two quick taps: the second finds the first's row.
        User.objects.select_for_update().filter(pk=member.pk).first()
        counselors = list(care_team(member).order_by("display_name"))
        if not counselors:
            raise NobodyToAsk
        names = [c.display_name for c in counselors]
        now = timezone.now()
        same = open_requests(member).filter(level=level, created_at__gte=now - SAME_REQUEST)
        earlier = same.first()
        if earlier is not None:
            return Asked(earlier, False, names, [])
        request = CareRequest.objects.create(
            member=member, level=level, note=note, origin=origin, created_at=now
        )
        deliveries = record_for_care_team(member, counselors)
    return Asked(request, True, names, [d.pk for d in deliveries])


def open_requests(member: User) -> QuerySet[CareRequest]:
    """The member's requests no recommendation has answered yet."""
    return CareRequest.objects.filter(member=member, answered_at__isnull=True)
