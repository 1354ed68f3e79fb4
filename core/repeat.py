"""How often one person may hear from Waypoint about the same thing: every repeat window.

Each window is defined once here, named for whom it protects, and checked only through
`RepeatWindow.recent()`, so a change of length reaches every place that honours it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone


@dataclass(frozen=True)
class RepeatWindow:
    length: timedelta

    def recent(self, field: str = "created_at", now: datetime | None = None) -> Q:
        """Rows whose `field` falls inside the window: a send that still holds back the next."""
        return Q(**{f"{field}__gte": (now or timezone.now()) - self.length})


# A counselor hears the same news about a client (an alert, "tell my counselor") at most
# every 12 hours: a second tap or a retried task must not send it twice.
CARE_TEAM_REPEAT = RepeatWindow(timedelta(hours=12))
# A support contact or peer supporter hears from us about a member once a day at most,
# however many alerts there are.
SUPPORTER_REPEAT = RepeatWindow(timedelta(hours=24))
# A drifting member gets one "we'd love to see you" a week at most: resends feel like spam.
INVITE_BACK_REPEAT = RepeatWindow(timedelta(days=7))
