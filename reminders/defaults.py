"""What every new member starts with: one evening reminder, by email and in Waypoint.

Called where members join (home.joining) and by the demo, in the same transaction as the
account, so a member never exists without it unless they delete it."""

from __future__ import annotations

from datetime import time

from accounts.models import Role, User
from reminders.models import (
    EVERY_DAY,
    ReminderSchedule,
    ReminderSettings,
)

DEFAULT_REMINDER_TIME = time(19, 0)


def create_default_reminder(member: User) -> ReminderSchedule | None:
    """Every new member starts with one evening reminder, by email and in Waypoint."""
    if member.role != Role.MEMBER:
        return None
    ReminderSettings.objects.get_or_create(member=member)
    return ReminderSchedule.objects.create(
        member=member, local_time=DEFAULT_REMINDER_TIME, weekdays=EVERY_DAY
    )
