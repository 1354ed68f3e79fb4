"""Throttling sign-in with django-axes: per account and per address, each with its own limit.

Axes counts failed sign-ins per account (the email, lower-cased, whether or not it exists,
so a lock-out never tells that an account exists) and per address, within the cool-off
(AXES_COOLOFF_TIME). Axes compares one number with one limit, so the handler hands it the
larger of the two counts, each measured against its own limit on the account's scale.
"""

from __future__ import annotations

import math
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import client_ip as _client_ip


def username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The account a sign-in names: emails match without regard to case, and so do counts."""
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(raw).strip().lower()[:254] or None


def client_ip(request: HttpRequest) -> str | None:
    # The same address the audit trail records (a proxy's header only when trusted).
    return _client_ip(request)


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    return int(settings.WAYPOINT_SIGNIN_FAILURES_PER_ACCOUNT)


def _count(attempts: Any) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        # AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"]: one query set each, in order.
        by_account, by_address = (_count(a) for a in self.get_user_attempts(request, credentials))
        per_account = settings.WAYPOINT_SIGNIN_FAILURES_PER_ACCOUNT
        per_address = settings.WAYPOINT_SIGNIN_FAILURES_PER_ADDRESS
        # An address at its own limit reads as an account at its limit.
        scaled = math.floor(by_address * per_account / per_address)
        return max(by_account, scaled)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        # A right password clears that account's count only: signing in to one's own account
        # must not wipe the failures an address has run up against other accounts.
        by_account = self.filter_user_attempts(request, credentials)[0]
        count, _ = by_account.delete()
        return count


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The same kind page for every lock-out: it names no account and says nothing of one."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
