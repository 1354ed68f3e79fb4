from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from alerts.inbox import inbox


def alert_count(request: HttpRequest) -> dict[str, Any]:
    """Open alerts for the counselor's navigation; counted only when a page shows it."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_counselor:
        return {}
    return {"open_alert_count": SimpleLazyObject(lambda: inbox(user).count())}
