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
from typing import Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from messaging.models import Channel

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


TRANSPORTS: dict[str, type[Transport]] = {
    Channel.EMAIL: EmailTransport,
    Channel.SMS: SmsTransport,
    Channel.APP: AppTransport,
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
