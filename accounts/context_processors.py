from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from accounts.second_factor import is_staff_role


def program(request: HttpRequest) -> dict[str, Any]:
    """The deployment's name, crisis lines and harm-reduction places, for every page (Get help now)."""
    user = getattr(request, "user", None)
    # Members (and anyone not signed in) get the help control on every page.
    show_help = user is None or not user.is_authenticated or user.is_member
    # Staff sessions end when idle (accounts.middleware); the page warns before it does.
    idle_minutes = (
        settings.WAYPOINT_STAFF_IDLE_MINUTES
        if user is not None and user.is_authenticated and is_staff_role(user)
        else None
    )
    return {
        "staff_idle_minutes": idle_minutes,
        "show_help_button": show_help,
        "program_name": settings.WAYPOINT_PROGRAM_NAME,
        "crisis_lines": settings.WAYPOINT_CRISIS_LINES,
        "never_use_alone": settings.WAYPOINT_NEVER_USE_ALONE,
        "naloxone_places": settings.WAYPOINT_NALOXONE_PLACES,
        "program_phone": settings.WAYPOINT_PROGRAM_PHONE,
    }
