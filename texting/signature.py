"""The gateway's signature on an inbound text: whether the webhook may believe it.

    X-Waypoint-Timestamp: 1796400000                  (Unix seconds, when it was signed)
    X-Waypoint-Signature: hex HMAC-SHA256(secret, timestamp + "." + body)

The timestamp is inside the signature, so a captured request replayed later is refused
once it is older than REPLAY_WINDOW (and a copy within the window is the same gateway
message id, stored once). Nothing here reads a request or the database; whether texts
come in at all is messaging.numbers' rule, the one a reminder's promise is made by too.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from django.conf import settings

from messaging.numbers import texts_come_in

REPLAY_WINDOW = timedelta(minutes=5)
TIMESTAMP_HEADER = "X-Waypoint-Timestamp"
SIGNATURE_HEADER = "X-Waypoint-Signature"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature the gateway sends (tests and the fake gateway use this too)."""
    message = timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def problem(timestamp: str, signature: str, body: bytes, now: datetime) -> str | None:
    """Why the request is not to be believed, in words for the log; None when it is."""
    if not texts_come_in():
        return "no_secret_configured"
    secret = settings.WAYPOINT_SMS_WEBHOOK_SECRET
    if not timestamp.isdigit() or len(timestamp) > 12:
        return "bad_timestamp"
    signed_at = datetime.fromtimestamp(int(timestamp), tz=now.tzinfo)
    # Either way: a clock that runs ahead is no licence to replay later.
    if abs(now - signed_at) > REPLAY_WINDOW:
        return "outside_window"
    if not hmac.compare_digest(sign(secret, timestamp, body), signature.strip().lower()):
        return "bad_signature"
    return None
