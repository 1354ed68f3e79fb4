"""Start-up checks of the transports' settings: a bad one stops the start, with the fix."""

from __future__ import annotations

import base64
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.utils.module_loading import import_string
from py_vapid import Vapid

from messaging.transports import (
    ConsoleSmsBackend,
    DisabledSmsBackend,
    HttpSmsBackend,
    gateway_problem,
    vapid_subject,
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


@register("messaging")
def check_vapid_keys(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Web push: both keys or neither, a private key py_vapid reads, a contact it accepts."""
    public, private = settings.WAYPOINT_VAPID_PUBLIC_KEY, settings.WAYPOINT_VAPID_PRIVATE_KEY
    if not public and not private:
        return []  # notifications to phones are simply not offered
    hint = "Make a pair with `manage.py vapid_keys` and set both."
    if not (public and private):
        return [
            Error(
                "WAYPOINT_VAPID_PUBLIC_KEY and WAYPOINT_VAPID_PRIVATE_KEY go together.",
                hint=hint,
                id="messaging.E005",
            )
        ]
    try:
        vapid = Vapid.from_string(private)
        vapid.sign({"sub": vapid_subject(), "aud": "https://push.example.net"})
    except Exception:
        return [
            Error(
                "WAYPOINT_VAPID_PRIVATE_KEY is not a VAPID private key, or "
                "WAYPOINT_VAPID_SUBJECT is not a mailto: or https:// address.",
                hint=hint,
                id="messaging.E006",
            )
        ]
    if _b64url(vapid.public_key) != public:
        return [
            Error(
                "WAYPOINT_VAPID_PUBLIC_KEY is not the private key's public key.",
                hint=hint,
                id="messaging.E007",
            )
        ]
    return []


def _b64url(key: ec.EllipticCurvePublicKey) -> str:
    raw = key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
