"""Who hears about a request for more support and about a recommendation, through the outbox.

Both emails are fixed, content-free words with a link: no level of care, no name, nothing
the member or counselor wrote. What was asked and recommended is read in Waypoint, behind
the access gate. Rows are recorded here, in the caller's transaction; the view hands them
to the outbox after commit (and the outbox's sweep sends any the broker did not take).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import counselors_who_see
from accounts.models import Scope, User
from core.repeat import CARE_TEAM_REPEAT
from messaging import outbox
from messaging.models import UNFINISHED, Channel, Delivery, DeliveryStatus, Purpose
from stepping_up.models import CareRecommendation


def care_team(member: User) -> QuerySet[User]:
    """The counselors a request for more support goes to, and who may answer it.

    The plan's scope, not engagement: the request names the level of care the member has
    in mind, and the level of care is a part of the plan, so a counselor without the
    member's consent to the plan must not read it. The page names exactly these people
    before the member sends anything, and says so plainly when there is nobody.
    """
    return counselors_who_see(member, Scope.PLAN)


def _counselor_text() -> str:
    return _(
        "A client on your caseload sent you a request in Waypoint.\n\nOpen your alerts: %(link)s"
    ) % {"link": settings.WAYPOINT_SITE_URL + reverse("alert_inbox")}


def _member_text() -> str:
    return _("Your care team left you a note in Waypoint.\n\nRead it: %(link)s") % {
        "link": settings.WAYPOINT_SITE_URL + reverse("my_care")
    }


def _heard_lately(member: User) -> set[int]:
    """Counselors emailed about a request of the member within the repeat window and since
    the care team last answered one: the request waiting in their inbox is the same news."""
    earlier = Delivery.objects.filter(
        CARE_TEAM_REPEAT.recent(),
        purpose=Purpose.CARE_REQUEST,
        about=member,
        # Recorded is as good as sent: the outbox retries it (at least once).
        status__in=[*UNFINISHED, DeliveryStatus.SENT],
    )
    answered = (
        CareRecommendation.objects.filter(member=member)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if answered is not None:
        earlier = earlier.filter(created_at__gt=answered)
    return set(earlier.values_list("to_user_id", flat=True))


def record_for_care_team(member: User, counselors: list[User]) -> list[Delivery]:
    """One email to each counselor who may see the request, unless they heard lately."""
    heard = _heard_lately(member)
    return [
        outbox.record(
            Purpose.CARE_REQUEST,
            Channel.EMAIL,
            counselor.email,
            _counselor_text,
            to_user=counselor,
            about=member,
        )
        for counselor in counselors
        if counselor.pk not in heard
    ]


def record_for_member(recommendation: CareRecommendation) -> Delivery | None:
    member = recommendation.member
    if not member.is_active or not member.email:
        return None
    return outbox.record(
        Purpose.CARE_NOTE, Channel.EMAIL, member.email, _member_text, to_user=member, about=member
    )
