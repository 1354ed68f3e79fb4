from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from alumni.network import next_event, peer_supporter
from contacts.people import top_contacts


def help_now(request: HttpRequest) -> dict[str, Any]:
    """A member's people for the Get help now panel; queried only when a page shows it."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_member:
        return {}
    return {
        "help_contacts": SimpleLazyObject(lambda: top_contacts(user)),
        "help_peers": SimpleLazyObject(lambda: [p for p in [peer_supporter(user)] if p]),
        "help_event": SimpleLazyObject(lambda: next_event(user) or ""),
    }
