"""Start-up checks of the transports' settings: a bad one stops the start, with the fix."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.utils.module_loading import import_string

from messaging.transports import (
    ConsoleSmsBackend,
    DisabledSmsBackend,
    HttpSmsBackend,
    gateway_problem,
)

SMS_SETTING = "WAYPOINT_SMS_BACKEND"
BACKENDS = (ConsoleSmsBackend, DisabledSmsBackend, HttpSmsBackend)


@register("messaging")
def check_sms_backend(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    name = getattr(settings, SMS_SETTING, "")
    try:
        backend = import_string(name)
    except ImportError:
        return [
            Error(
                f"{SMS_SETTING}={name!r} is not an SMS backend.",
                hint="Use messaging.transports.HttpSmsBackend (production), "
                "messaging.transports.DisabledSmsBackend (no text messages) or "
                "messaging.transports.ConsoleSmsBackend (development).",
                id="messaging.E001",
            )
        ]
    if not callable(getattr(backend, "send", None)):
        return [
            Error(
                f"{SMS_SETTING}={name!r} has no send(to, text) method.",
                id="messaging.E001",
            )
        ]
    if backend is HttpSmsBackend:
        problem = gateway_problem(
            settings.WAYPOINT_SMS_GATEWAY_URL, settings.WAYPOINT_SMS_GATEWAY_TOKEN
        )
        if problem:
            return [Error(problem, id="messaging.E002")]
    if backend is ConsoleSmsBackend and not settings.DEBUG:
        return [
            Error(
                "The console SMS backend writes phone numbers and messages to the log; "
                "it is for development only (DEBUG=1).",
                hint=f"Set {SMS_SETTING}=messaging.transports.HttpSmsBackend with the gateway's "
                "URL and token, or messaging.transports.DisabledSmsBackend.",
                id="messaging.E003",
            )
        ]
    return []


@register("messaging")
def check_email_backend(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        import_string(settings.EMAIL_BACKEND)
    except ImportError:
        return [
            Error(
                f"EMAIL_BACKEND={settings.EMAIL_BACKEND!r} cannot be imported.",
                hint="Use a Django mail backend such as "
                "django.core.mail.backends.smtp.EmailBackend.",
                id="messaging.E004",
            )
        ]
    return []
