"""Signed inbound texts, as the gateway sends them to the webhook."""

from __future__ import annotations

import itertools
import json
import time

from texting.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

SECRET = "test-webhook-secret"
PHONE = "+12025550177"
_ids = itertools.count(1)


def signed_headers(body: bytes, *, secret: str = SECRET, at: float | None = None) -> dict[str, str]:
    timestamp = str(int(time.time() if at is None else at))
    return {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: sign(secret, timestamp, body)}


def body(text: str, phone: str = PHONE, message_id: str | None = None) -> bytes:
    return json.dumps(
        {
            "id": message_id or f"gw-in-{next(_ids)}",
            "from": phone,
            "to": "+12025550100",
            "text": text,
        }
    ).encode()


def post_text(client, text: str, phone: str = PHONE, *, message_id: str | None = None, **signing):
    """POST one text to the webhook, signed as the gateway signs it."""
    data = body(text, phone, message_id)
    headers = {
        f"HTTP_{k.upper().replace('-', '_')}": v for k, v in signed_headers(data, **signing).items()
    }
    return client.post("/texting/inbound/", data, content_type="application/json", **headers)
