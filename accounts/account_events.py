"""Audit events about accounts rather than records: sign-ins, second factors, admin changes.

Each is an AuditEvent whose subject (`member`) is the account concerned, whatever its
role, so an operator reads one trail per person. A failed sign-in names the account it
tried when that account exists, with no actor (nobody is known yet); an attempt on an
address that is no account has no subject to hang on, so it is only counted by axes and
logged as a key=value line without the address. Passwords are never recorded: Django
masks them before the signal, and only the account and the client's address are kept.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest
from django.utils import timezone

from accounts.access import client_ip
from accounts.models import ACCOUNT_SCOPE, AuditEvent, User

log = logging.getLogger(__name__)


def record_account_event(
    request: HttpRequest | None,
    person: User,
    action: str,
    *,
    actor: User | None,
    obj: Any = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor,
        member=person,
        action=action,
        scope=ACCOUNT_SCOPE,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        at=timezone.now(),
        ip=client_ip(request) if request is not None else None,
    )


def _signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    record_account_event(request, user, "sign_in", actor=user)
    log.info("sign_in user=%s", user.pk)


def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("username") or "").strip()
    locked = bool(getattr(request, "axes_locked_out", False))
    action = "sign_in_locked" if locked else "sign_in_failed"
    person = User.objects.filter(email__iexact=email).first() if email else None
    if person is not None:
        record_account_event(request, person, action, actor=None)
    log.warning("%s user=%s", action, person.pk if person else "-")


_SIGNED_IN = "waypoint_sign_in_audit"


def connect() -> None:
    """Called once from AccountsConfig.ready."""
    user_logged_in.connect(_signed_in, dispatch_uid=_SIGNED_IN)
    user_login_failed.connect(_sign_in_failed, dispatch_uid="waypoint_sign_in_failed_audit")


@contextmanager
def not_recorded() -> Iterator[None]:
    """For tests' force_login, which is a shortcut rather than a sign-in."""
    user_logged_in.disconnect(dispatch_uid=_SIGNED_IN)
    try:
        yield
    finally:
        user_logged_in.connect(_signed_in, dispatch_uid=_SIGNED_IN)
