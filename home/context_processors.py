from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from home.help_people import help_people


def help_now(request: HttpRequest) -> dict[str, Any]:
    """A member's people for the Get help now panel; looked up only when a page shows it."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_member:
        return {}
    # One look-up for the three, made only when a page shows one of them.
    people = cache(lambda: help_people(user))
    return {
        "help_contacts": SimpleLazyObject(lambda: people().contacts),
        "help_peers": SimpleLazyObject(lambda: people().peers),
        "help_event": SimpleLazyObject(lambda: people().event or ""),
    }
