"""One transport per channel: email, SMS, in Waypoint.

A transport sends one message and returns the provider's id, or raises TransportError:
permanent=True for an address that will never work (no phone number, a gateway 4xx),
permanent=False for a passing fault (mail server down, gateway 5xx, no answer within
SEND_TIMEOUT). messaging.outbox records which it was. Each send carries the delivery's key,
the same on every try: the email's Message-ID and the gateway's Idempotency-Key, so a repeat
after an unknown outcome is recognisably the same message (`repeats_recognised`). SMS goes
through the backend named by settings.WAYPOINT_SMS_BACKEND: the console backend in
development, the HTTP gateway in production, or the disabled backend (the default with
DEBUG off) that refuses every text. messaging.checks refuses a start with a backend that is
unknown or not configured.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from email.utils import parseaddr
from typing import Protocol
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string
from pywebpush import WebPushException, webpush

from messaging.models import Channel, PushSubscription

# Every wait on the SMS gateway (connecting, its answer) ends after this many seconds, as
# every wait on the mail server does after settings.EMAIL_TIMEOUT (the same 5): a hung
# server costs one send seconds, a passing fault, and the outbox's lease stays short.
SEND_TIMEOUT = 5


class TransportError(Exception):
    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


# --- SMS backends -------------------------------------------------------------------------


class SmsBackend(Protocol):
    def send(self, to: str, text: str, key: str) -> str:
        """Send; return the provider's message id or raise TransportError. `key`: the same
        on every try of one delivery."""


class ConsoleSmsBackend:
    """Development only: print the message instead of sending it (refused with DEBUG off)."""

    def send(self, to: str, text: str, key: str) -> str:
        print(f"[sms to {to}] {text}")
        return "console"


class DisabledSmsBackend:
    """No SMS gateway set up: every text fails for good, and says so."""

    def send(self, to: str, text: str, key: str) -> str:
        raise TransportError("text messages are not set up", permanent=True)


def sms_enabled() -> bool:
    """Can this deployment send text messages at all? When not, pages don't offer them and
    supporters with an email address are written to instead."""
    try:
        return import_string(settings.WAYPOINT_SMS_BACKEND) is not DisabledSmsBackend
    except ImportError:
        # A typo stops the start (messaging.checks); if it runs anyway, the text is tried
        # and recorded as failed rather than silently not offered.
        return True


# Plain http only to this machine (a local relay, or tests).
GATEWAY_SCHEMES = ("https://", "http://127.0.0.1:", "http://localhost:")


def gateway_problem(url: str, token: str) -> str | None:
    """What is wrong with the HTTP gateway's settings, if anything (also a system check)."""
    if not url.startswith(GATEWAY_SCHEMES) or not token:
        return (
            "The HTTP SMS backend needs WAYPOINT_SMS_GATEWAY_URL (https://...) and "
            "WAYPOINT_SMS_GATEWAY_TOKEN."
        )
    return None


class HttpSmsBackend:
    """A JSON-over-HTTPS gateway: POST {"to", "text"} with a bearer token and an
    Idempotency-Key (the delivery's key), answer {"id"}. A gateway that honours the key
    answers a repeat with the first text's id and sends nothing (WAYPOINT_SMS_GATEWAY_DEDUPES
    says this one does)."""

    def __init__(self) -> None:
        self.url = settings.WAYPOINT_SMS_GATEWAY_URL
        self.token = settings.WAYPOINT_SMS_GATEWAY_TOKEN
        problem = gateway_problem(self.url, self.token)
        if problem:
            raise ImproperlyConfigured(problem)

    def send(self, to: str, text: str, key: str) -> str:
        body = json.dumps({"to": to, "text": text}).encode()
        request = urllib.request.Request(  # noqa: S310 (the URL's scheme is checked above)
            self.url,
            data=body,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Idempotency-Key": key,
            },
        )
        try:
            # The timeout bounds the connect and each wait for the answer.
            with urllib.request.urlopen(request, timeout=SEND_TIMEOUT) as response:  # noqa: S310
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
    backend: SmsBackend = import_string(settings.WAYPOINT_SMS_BACKEND)()
    return backend


# --- One transport per channel ------------------------------------------------------------


class Transport(Protocol):
    def send(self, address: str, subject: str, text: str, key: str) -> str:
        """Send one message; return the provider's id or raise TransportError. `key`
        names the delivery, the same on every try."""


def message_id(key: str) -> str:
    """The email's Message-ID, the same on every try of one delivery: a mail client (or the
    person) can tell a repeat is the same message. Only the delivery's number and our host."""
    host = urlsplit(settings.WAYPOINT_SITE_URL).hostname or "localhost"
    return f"<{key}@{host}>"


class EmailTransport:
    """Through Django's mail backend, each wait bounded by settings.EMAIL_TIMEOUT. The
    subject is always fixed words (outbox.POLICY)."""

    def send(self, address: str, subject: str, text: str, key: str) -> str:
        if not address:
            raise TransportError("no email address", permanent=True)
        email = EmailMessage(
            subject, text, None, [address], headers={"Message-ID": message_id(key)}
        )
        try:
            email.send()
        except OSError as exc:
            # A refused connection, a timeout (TimeoutError) and SMTP errors are all OSError.
            raise TransportError(f"mail server: {exc.__class__.__name__}", permanent=False) from exc
        return ""  # the mail server gives no id; the Message-ID is the delivery's own


class SmsTransport:
    def send(self, address: str, subject: str, text: str, key: str) -> str:
        if not address:
            raise TransportError("no phone number", permanent=True)
        return sms_backend().send(address, text, key)


class AppTransport:
    """In Waypoint: the recorded row is what the member's page shows; nothing to send."""

    def send(self, address: str, subject: str, text: str, key: str) -> str:
        return ""


# --- Web push -----------------------------------------------------------------------------

# How long the push service keeps a notification for a phone that is off: a little past
# WAYPOINT_REMINDER_GRACE (2 hours), after which a reminder has lost its value anyway.
PUSH_TTL = 60 * 60 * 3
# What the push service's answer means: the device unsubscribed or the subscription expired.
PUSH_GONE = (404, 410)
# Devices one member may have subscribed at once (a new one replaces the oldest:
# reminders.push).
MAX_DEVICES = 5


def push_enabled() -> bool:
    """Can this deployment send notifications to phones? Only with both VAPID keys."""
    return bool(settings.WAYPOINT_VAPID_PUBLIC_KEY and settings.WAYPOINT_VAPID_PRIVATE_KEY)


def vapid_subject() -> str:
    """Who the push services may write to about our sends (the VAPID `sub` claim)."""
    if settings.WAYPOINT_VAPID_SUBJECT:
        return str(settings.WAYPOINT_VAPID_SUBJECT)
    return "mailto:" + (parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "no-reply@localhost")


def push_payload(title: str, text: str) -> str:
    """The notification's JSON: fixed words only, as on a lock screen anyone may see. A link
    to Waypoint in the text becomes where a tap opens it, not words on the screen."""
    url = "/"
    words = text
    for token in text.split():
        if token.startswith(settings.WAYPOINT_SITE_URL + "/"):
            url = token[len(settings.WAYPOINT_SITE_URL) :]
            words = text.replace(token, "").strip().rstrip(":").strip()
    return json.dumps({"title": title, "body": words, "url": url})


class PushTransport:
    """A notification on each device the member subscribed (messaging.PushSubscription),
    through pywebpush: the payload encrypted for the device (aes128gcm) and signed with our
    VAPID key. The delivery's address is the member's id: their devices are looked up at
    the moment of sending, so one that unsubscribed since the dispatch is not written to.
    Each device's wait is bounded by SEND_TIMEOUT, and a member has at most
    MAX_DEVICES, so a send stays far inside the outbox's lease.

    Sent if any device took it (a reminder is at most once: the others are not tried
    again). A device the push service says is gone (404, 410) is forgotten; if every one
    is, that is a permanent failure. A busy or failing push service (429, 5xx), or no
    answer within SEND_TIMEOUT, is a passing fault. Never an endpoint in an error: it is
    the device's secret."""

    def send(self, address: str, subject: str, text: str, key: str) -> str:
        if not push_enabled():
            raise TransportError("notifications are not set up", permanent=True)
        devices = (
            list(PushSubscription.objects.filter(member_id=int(address)))
            if address.isdigit()
            else []
        )
        if not devices:
            raise TransportError("no device subscribed", permanent=True)
        payload = push_payload(subject, text)
        delivered = 0
        gone: list[int] = []
        passing = refused = ""
        for device in devices:
            try:
                webpush(
                    device.info(),
                    data=payload,
                    vapid_private_key=settings.WAYPOINT_VAPID_PRIVATE_KEY,
                    vapid_claims={"sub": vapid_subject()},
                    ttl=PUSH_TTL,
                    timeout=SEND_TIMEOUT,
                    # One Topic: a newer message waiting at the push service for a
                    # phone that is off replaces the older one, so it wakes to one.
                    headers={"Urgency": "normal", "Topic": "waypoint"},
                )
                delivered += 1
            except WebPushException as exc:
                status = exc.status_code
                if status is None:
                    # Not the service's answer: our own signing failed (messaging.checks
                    # refuses a start with keys that cannot sign).
                    refused = "push could not be signed"
                elif status in PUSH_GONE:
                    gone.append(device.pk)
                elif status is not None and 400 <= status < 500 and status != 429:
                    # Refused as we sent it (a key that does not match): trying again will
                    # not help, but the device may still be reachable once we fix it.
                    refused = f"push service answered {status}"
                else:
                    passing = f"push service answered {status}"
            except requests.RequestException as exc:
                passing = f"push service unreachable: {exc.__class__.__name__}"
        if gone:
            PushSubscription.objects.filter(pk__in=gone).delete()
        if delivered:
            return f"{delivered} of {len(devices)} devices"
        if passing:
            raise TransportError(passing, permanent=False)
        raise TransportError(refused or "every device has unsubscribed", permanent=True)


TRANSPORTS: dict[str, type[Transport]] = {
    Channel.EMAIL: EmailTransport,
    Channel.SMS: SmsTransport,
    Channel.APP: AppTransport,
    Channel.PUSH: PushTransport,
}


def repeats_recognised(channel: str) -> bool:
    """Does another try of a message that may already have gone out still reach the person
    at most once? In Waypoint, yes: recording is showing. A text, when the gateway honours
    the Idempotency-Key. An email, no: its Message-ID lets a mail client or the person see
    a repeat is the same message, but it arrives."""
    if channel == Channel.APP:
        return True
    if channel == Channel.SMS:
        try:
            backend = import_string(settings.WAYPOINT_SMS_BACKEND)
        except ImportError:
            return False
        return backend is HttpSmsBackend and settings.WAYPOINT_SMS_GATEWAY_DEDUPES
    return False


def transport_for(channel: str) -> Transport:
    try:
        return TRANSPORTS[channel]()
    except KeyError:
        raise TransportError(f"no transport for {channel}", permanent=True) from None
