"""Emails about an account (an invitation, a link to choose a password) go through the outbox.

The outbox (messaging) sits above accounts, so accounts cannot call it; messaging registers
the function that records and sends these emails when it loads (messaging/apps.py), as
reminders register their last-moment check with the outbox.
"""

from __future__ import annotations

from collections.abc import Callable

from accounts.models import Invitation, User

_password_link: Callable[[User], None] | None = None
_invitation: Callable[[Invitation], bool] | None = None


def register(
    *, password_link: Callable[[User], None], invitation: Callable[[Invitation], bool]
) -> None:
    global _password_link, _invitation
    _password_link, _invitation = password_link, invitation


def send_invitation(invitation: Invitation) -> bool:
    """Record the invitation email and send it now (called by the worker's task); True if
    it went out. Its link is made at the moment of sending and exists only in the email."""
    if _invitation is None:
        raise RuntimeError("messaging is not installed: nothing can send account emails")
    return _invitation(invitation)


def send_password_link(user: User) -> None:
    """Email the person a link to choose a new password, after the current transaction
    commits: the request that asks for it never waits for a mail server."""
    if _password_link is None:
        raise RuntimeError("messaging is not installed: nothing can send account emails")
    _password_link(user)
