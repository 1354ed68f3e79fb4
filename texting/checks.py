"""A start with the HTTP gateway but no webhook secret would refuse every inbound text."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning


def webhook_secret(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.WAYPOINT_SMS_BACKEND.endswith(".HttpSmsBackend") and not (
        settings.WAYPOINT_SMS_WEBHOOK_SECRET
    ):
        return [
            Warning(
                "Texts go out through the HTTP gateway, but WAYPOINT_SMS_WEBHOOK_SECRET is not "
                "set: every inbound text (STOP included) is refused.",
                hint="Set it to the secret the gateway signs inbound texts with.",
                id="texting.W001",
            )
        ]
    return []
