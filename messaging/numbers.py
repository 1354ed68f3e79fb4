"""Whose check-in a text is: a text that comes in names only the number it came from.

The one rule, for the texts that come in (texting.conversation) and for what a reminder
by text may promise (reminders.dispatch): a text is a member's when texts come in at all
and exactly one active member has that number.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Exists, Expression, QuerySet, Value

from accounts.models import Role, User


def texts_come_in() -> bool:
    # The webhook believes only signed texts, and texting.signature asks this first:
    # without the secret it refuses every one, so a text would reach no one.
    return bool(settings.WAYPOINT_SMS_WEBHOOK_SECRET)


def holders(phone: Any) -> QuerySet[User]:
    """The active members with this number (`phone` may be an OuterRef)."""
    return User.objects.filter(phone=phone, role=Role.MEMBER, is_active=True).exclude(phone="")


def member_for(phone: str) -> User | None:
    """The active member with this number; none when no one, or more than one, has it."""
    found = list(holders(phone)[:2])
    return found[0] if len(found) == 1 else None


def checks_in_by_text(phone: Any, member: Any) -> Expression:
    """Whether a text from `phone` would be `member`'s check-in, as a query expression
    (both are OuterRefs to the member's number and id): no other active member has it."""
    if not texts_come_in():
        return Value(False)
    return ~Exists(holders(phone).exclude(pk=member))
