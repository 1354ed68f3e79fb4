"""Undo for a member's own removals: a kept copy for a while, offered in the success message.

What reaches other people gets a confirmation step instead (stopping sharing). What is
the member's own (a contact, a reminder, a plan line) goes at once, so nothing is sent
to a removed contact meanwhile, and a copy stays in the member's session for KEEP_FOR:
the message after the removal carries an "Undo" button that posts the copy's token to
the app's own undo view, which puts the thing back.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.http import HttpRequest
from django.utils import timezone

SESSION_KEY = "wp_undo"
KEEP_FOR = timedelta(minutes=15)
TAG = "undo"


def _fresh(request: HttpRequest) -> dict[str, dict[str, Any]]:
    cutoff = timezone.now() - KEEP_FOR
    kept = request.session.get(SESSION_KEY, {})
    return {t: item for t, item in kept.items() if datetime.fromisoformat(item["at"]) >= cutoff}


def offer(request: HttpRequest, text: str, *, kind: str, data: Any, url: str) -> None:
    """Say `text` with an Undo button that posts to `url`, which calls take(kind)."""
    token = secrets.token_urlsafe(12)
    kept = _fresh(request)
    kept[token] = {"kind": kind, "data": data, "url": url, "at": timezone.now().isoformat()}
    request.session[SESSION_KEY] = kept
    messages.success(request, text, extra_tags=f"{TAG} {TAG}-{token}")


def take(request: HttpRequest, kind: str, token: str) -> Any | None:
    """The kept copy for `token` (used once), or None when it is gone or too old."""
    kept = _fresh(request)
    item = kept.pop(token, None)
    request.session[SESSION_KEY] = kept
    if item is None or item["kind"] != kind:
        return None
    return item["data"]


def button_for(request: HttpRequest, message: Message) -> dict[str, str] | None:
    """Where the message's Undo button posts, while its copy is still kept."""
    tags = (message.extra_tags or "").split()
    if TAG not in tags:
        return None
    token = next((t[len(TAG) + 1 :] for t in tags if t.startswith(f"{TAG}-")), "")
    item = _fresh(request).get(token)
    return {"url": item["url"], "token": token} if item else None
