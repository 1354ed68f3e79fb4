"""A fake web-push service on loopback, and a device's keys: what a phone's browser and
its push service (FCM, Mozilla autopush, Apple) do, so our sends are checked end to end.

The service answers each POST with the next code in `answers` (201 when none are left),
and keeps what it received. `decrypt` opens a message with the device's private key, as
the phone would; `claims` checks the VAPID signature with our public key."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid.jwt import decode

from messaging.management.commands.vapid_keys import new_key_pair


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def public_raw(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def vapid_pair() -> tuple[str, str]:
    """(public, private) as the settings take them (manage.py vapid_keys)."""
    return new_key_pair()


@dataclass
class Device:
    """A browser's push subscription: its keys, and the endpoint on the fake service."""

    endpoint: str
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(public_raw(self.key))

    @property
    def auth(self) -> str:
        return b64url(self.secret)

    def subscription_json(self) -> dict[str, object]:
        """What PushSubscription.toJSON() gives in a browser."""
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": self.p256dh, "auth": self.auth},
        }

    def decrypt(self, body: bytes) -> dict[str, object]:
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.secret, version="aes128gcm"
        )
        return json.loads(plain)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class PushService:
    def __init__(self) -> None:
        self.answers: list[int] = []
        self.received: list[Received] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                # Header names in lower case: clients differ in how they spell them.
                headers = {k.lower(): v for k, v in self.headers.items()}
                service.received.append(Received(self.path, headers, body))
                code = service.answers.pop(0) if service.answers else 201
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"

    def device(self, name: str = "phone") -> Device:
        return Device(endpoint=f"{self.origin}/push/{name}-{os.urandom(8).hex()}")

    def claims(self, received: Received, public_key: str) -> dict[str, object]:
        """The VAPID JWT's claims, after checking it is signed by `public_key` (raises
        InvalidSignature if not) and names that key."""
        scheme, params = received.headers["authorization"].split(" ", 1)
        assert scheme == "vapid"
        parts = dict(p.split("=", 1) for p in params.split(","))
        assert parts["k"] == public_key
        return decode(parts["t"], public_key)


@contextmanager
def push_service() -> Iterator[PushService]:
    service = PushService()
    thread = threading.Thread(target=service.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        service.server.shutdown()
        service.server.server_close()
