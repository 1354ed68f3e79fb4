"""Emails about an account (a link to choose a password) go through the outbox.

The outbox (messaging) sits above accounts, so accounts cannot call it; messaging registers
the function that records and sends these emails when it loads (messaging/apps.py), as
reminders register their last-moment check with the outbox.
"""

from __future__ import annotations

from collections.abc import Callable

from accounts.models import User

_password_link: Callable[[User], None] | None = None


def register_password_link(send: Callable[[User], None]) -> None:
    global _password_link
    _password_link = send


def send_password_link(user: User) -> None:
    """Email the person a link to choose a new password, after the current transaction
    commits: the request that asks for it never waits for a mail server."""
    if _password_link is None:
        raise RuntimeError("messaging is not installed: nothing can send account emails")
    _password_link(user)
