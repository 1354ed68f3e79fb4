"""Print a new VAPID key pair for web-push reminders, as the settings take them.

    DEBUG=1 .venv/bin/python manage.py vapid_keys

Made once per deployment: every phone subscribes with the public key, so a new pair means
each member turns notifications on again. The private key is a secret like SECRET_KEY.
"""

from __future__ import annotations

import base64
from typing import Any

from cryptography.hazmat.primitives import serialization
from django.core.management.base import BaseCommand
from py_vapid import Vapid


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def new_key_pair() -> tuple[str, str]:
    """(public, private): the raw P-256 point and scalar, base64url without padding."""
    vapid = Vapid()
    vapid.generate_keys()
    public = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    private = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
    return _b64url(public), _b64url(private)


class Command(BaseCommand):
    help = "Print a new VAPID key pair (WAYPOINT_VAPID_PUBLIC_KEY, WAYPOINT_VAPID_PRIVATE_KEY)."

    def handle(self, *args: Any, **options: Any) -> None:
        public, private = new_key_pair()
        self.stdout.write(f"WAYPOINT_VAPID_PUBLIC_KEY={public}")
        self.stdout.write(f"WAYPOINT_VAPID_PRIVATE_KEY={private}")
