"""One way to send a short message to a person, by email or SMS, with every send recorded.

    deliver(channel, address, text, purpose=..., to_user=..., to_contact=..., about=...)

writes a Delivery row first, then sends through the channel's transport, then
records the outcome. A transport raises TransportError(permanent=True) for an
address that will never work (the caller stops retrying and tells the owner)
and TransportError(permanent=False) for a passing fault (the caller retries).
SMS goes through a backend chosen by settings.WAYPOINT_SMS_BACKEND: the console
backend for development and tests, or the HTTP gateway backend in production.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string

from messaging.models import Channel, Delivery, DeliveryStatus

log = logging.getLogger(__name__)


class TransportError(Exception):
    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


class SmsBackend(Protocol):
    def send(self, to: str, text: str) -> str:
        """Send; return the provider's message id or raise TransportError."""


class ConsoleSmsBackend:
    """Development: print the message instead of sending it."""

    def send(self, to: str, text: str) -> str:
        print(f"[sms to {to}] {text}")
        return "console"


class HttpSmsBackend:
    """A JSON-over-HTTPS gateway: POST {"to", "text"} with a bearer token, answer {"id"}."""

    def __init__(self) -> None:
        self.url = settings.WAYPOINT_SMS_GATEWAY_URL
        self.token = settings.WAYPOINT_SMS_GATEWAY_TOKEN
        # Plain http only to this machine (a local relay, or tests).
        allowed = ("https://", "http://127.0.0.1:", "http://localhost:")
        if not self.url.startswith(allowed) or not self.token:
            raise ImproperlyConfigured(
                "The HTTP SMS backend needs WAYPOINT_SMS_GATEWAY_URL (https://...) and "
                "WAYPOINT_SMS_GATEWAY_TOKEN."
            )

    def send(self, to: str, text: str) -> str:
        body = json.dumps({"to": to, "text": text}).encode()
        request = urllib.request.Request(  # noqa: S310 (the URL's scheme is checked above)
            self.url,
            data=body,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return str(json.load(response).get("id", ""))
        except urllib.error.HTTPError as exc:
            # 4xx: this number or message will never be accepted; 5xx: try again later.
            raise TransportError(
                f"gateway answered {exc.code}", permanent=400 <= exc.code < 500
            ) from exc
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise TransportError(
                f"gateway unreachable: {exc.__class__.__name__}", permanent=False
            ) from exc


def sms_backend() -> SmsBackend:
    return import_string(settings.WAYPOINT_SMS_BACKEND)()


def send_message(channel: str, address: str, subject: str, text: str) -> str:
    """Send through the channel's transport; return the provider id or raise TransportError."""
    if channel == Channel.EMAIL:
        try:
            send_mail(subject, text, None, [address])
        except OSError as exc:
            raise TransportError(f"mail server: {exc.__class__.__name__}", permanent=False) from exc
        return ""
    if channel == Channel.TEXT:
        return sms_backend().send(address, text)
    raise TransportError(f"cannot send by {channel}", permanent=True)


def deliver(
    channel: str,
    address: str,
    text: str,
    *,
    purpose: str,
    subject: str = "",
    delivery: Delivery | None = None,
    **who: Any,
) -> Delivery:
    """Send one message and record it. Pass `delivery` to retry an earlier attempt."""
    if delivery is None:
        delivery = Delivery.objects.create(
            channel=channel, address=address, text=text, purpose=purpose, **who
        )
    delivery.attempts += 1
    try:
        delivery.provider_id = send_message(
            channel, address, subject or settings.WAYPOINT_PROGRAM_NAME, text
        )
    except TransportError as exc:
        delivery.error = str(exc)[:300]
        delivery.status = DeliveryStatus.FAILED if exc.permanent else DeliveryStatus.PENDING
        delivery.save(update_fields=["attempts", "error", "status"])
        log.warning(
            "delivery_failed id=%s channel=%s permanent=%s", delivery.pk, channel, exc.permanent
        )
        raise
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = timezone.now()
    delivery.error = ""
    delivery.save(update_fields=["attempts", "provider_id", "status", "sent_at", "error"])
    log.info("delivery_sent id=%s channel=%s purpose=%s", delivery.pk, channel, purpose)
    return delivery
