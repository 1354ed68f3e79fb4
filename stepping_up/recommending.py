"""The counselor's recommendation (a level of care) and its outcome, and what each side sees.

Recording a recommendation answers every request of the member still open, and leaves
the member a content-free email and a card on Today. A second press of "Save" within a
few minutes (the same counselor, level and note) is the same recommendation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.access import visible_members
from accounts.models import Scope, User
from stepping_up.models import CareRecommendation, CareRequest
from stepping_up.notify import record_for_member

SAME_RECOMMENDATION = timedelta(minutes=10)
# The client page and the member's page show the latest ones; a step up is rare enough
# that this is the whole story for years, and the page says when it is not.
SHOWN = 20


@dataclass(frozen=True)
class Recorded:
    recommendation: CareRecommendation
    new: bool  # False: the same as a moment ago, nothing more was recorded or sent
    delivery_ids: list[int]


def recommend(counselor: User, member: User, *, level: str, note: str, outcome: str) -> Recorded:
    with transaction.atomic():
        # Serialises a double post: the second finds the first's row.
        User.objects.select_for_update().filter(pk=member.pk).first()
        now = timezone.now()
        earlier = CareRecommendation.objects.filter(
            member=member,
            counselor=counselor,
            level=level,
            note=note,
            created_at__gte=now - SAME_RECOMMENDATION,
        ).first()
        if earlier is not None:
            set_outcome(earlier, outcome, by=counselor)
            return Recorded(earlier, False, [])
        recommendation = CareRecommendation.objects.create(
            member=member,
            counselor=counselor,
            level=level,
            note=note,
            outcome=outcome,
            outcome_at=now,
            outcome_by=counselor,
            created_at=now,
        )
        CareRequest.objects.filter(member=member, answered_at__isnull=True).update(
            answered_by=recommendation, answered_at=now
        )
        delivery = record_for_member(recommendation)
    return Recorded(recommendation, True, [delivery.pk] if delivery else [])


def set_outcome(recommendation: CareRecommendation, outcome: str, *, by: User) -> bool:
    """A new outcome (shown to the member on Today again); the same one changes nothing."""
    changed = (
        CareRecommendation.objects.filter(pk=recommendation.pk)
        .exclude(outcome=outcome)
        .update(outcome=outcome, outcome_at=timezone.now(), outcome_by=by, seen_by_member_at=None)
    )
    return changed == 1


@dataclass(frozen=True)
class CareStory:
    """A member's requests and recommendations, newest first (two queries)."""

    requests: list[CareRequest]
    recommendations: list[CareRecommendation]
    more: bool  # older ones exist beyond what is shown

    @property
    def open_requests(self) -> list[CareRequest]:
        return [r for r in self.requests if r.is_open]

    def __bool__(self) -> bool:
        return bool(self.requests or self.recommendations)


def care_story(member: User) -> CareStory:
    requests = list(CareRequest.objects.filter(member=member)[: SHOWN + 1])
    recommendations = list(
        CareRecommendation.objects.filter(member=member).select_related("counselor")[: SHOWN + 1]
    )
    more = len(requests) > SHOWN or len(recommendations) > SHOWN
    return CareStory(requests[:SHOWN], recommendations[:SHOWN], more)


def unseen(member: User) -> list[CareRecommendation]:
    """Recommendations (or new outcomes) the member has not opened yet, for Today's card."""
    return list(
        CareRecommendation.objects.filter(member=member, seen_by_member_at__isnull=True)
        .select_related("counselor", "outcome_by")
        .order_by("-outcome_at")
    )


def mark_seen(member: User) -> int:
    return CareRecommendation.objects.filter(member=member, seen_by_member_at__isnull=True).update(
        seen_by_member_at=timezone.now()
    )


def open_requests_for(counselor: User) -> list[CareRequest]:
    """Open requests of every member whose plan the gate lets the counselor see (one query)."""
    members = visible_members(counselor, Scope.PLAN)
    return list(
        CareRequest.objects.filter(answered_at__isnull=True, member__in=members)
        .select_related("member")
        .order_by("created_at", "pk")
    )
