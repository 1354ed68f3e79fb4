"""What a member is told about their own reminders: today's in-app one, and channels that failed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from accounts.models import User
from checkins.models import CheckIn
from checkins.progress import local_date
from messaging.models import Channel, DeliveryStatus, unreachable_q
from reminders.models import ReminderDelivery, ReminderKind


def reminder_due_today(member: User) -> bool:
    """Show the in-app reminder: one went out today and the member has not checked in."""
    today = local_date(member.timezone)
    checked_in = CheckIn.objects.on(member, today)
    return (
        ReminderDelivery.objects.filter(
            member=member,
            local_date=today,
            channel=Channel.APP,
            kind=ReminderKind.CHECKIN,
            delivery__status=DeliveryStatus.SENT,
        )
        .exclude(Exists(checked_in))
        .exists()
    )


# A channel that failed lately is named to the member until a later reminder gets through.
PROBLEM_WINDOW = timedelta(days=14)


@dataclass(frozen=True)
class Problem:
    channel: str  # "email" or "sms"
    day: date


def recent_problems(member: User) -> list[Problem]:
    """Channels whose latest outcome in the last two weeks was a failure the member can fix
    (messaging.models.unreachable_q), one query."""
    sent_later = ReminderDelivery.objects.filter(
        member=OuterRef("member"),
        channel=OuterRef("channel"),
        delivery__status=DeliveryStatus.SENT,
        due_at__gt=OuterRef("due_at"),
    )
    failed = (
        ReminderDelivery.objects.filter(
            unreachable_q("delivery__"),
            member=member,
            channel__in=[Channel.EMAIL, Channel.SMS],
            due_at__gte=timezone.now() - PROBLEM_WINDOW,
        )
        .exclude(Exists(sent_later))
        .values("channel")
        .annotate(day=Max("local_date"))
        .order_by("channel")
    )
    return [Problem(row["channel"], row["day"]) for row in failed]
