"""What every coordinator page shares: the role check, the program's members, the audit.

Coordinators see engagement only (in a group or not, came or not, checked in or
not), never what a check-in or a plan says. Every list of members goes through
accounts.access.visible_members and is audited; anything outside the coordinator's
own groups or program answers 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import wraps
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.access import record_list_view, visible_members
from accounts.decorators import View, role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role, Scope, User
from alumni.models import AlumniGroup, Event
from alumni.network import groups_coordinated_by


def coordinator_view(view: View) -> View:
    """Coordinators only (403 for others); times read and shown in the program's time zone."""

    @wraps(view)
    def in_program_time(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Events happen where the program is: a travelling coordinator still sees its clock.
        with timezone.override(timezone.get_default_timezone()):
            return view(request, *args, **kwargs)

    return role_required(Role.COORDINATOR)(in_program_time)


def coordinator(request: AuthenticatedHttpRequest) -> User:
    return request.user


def program_members(request: AuthenticatedHttpRequest) -> QuerySet[User]:
    return visible_members(coordinator(request), Scope.ENGAGEMENT)


def audit_shown(request: AuthenticatedHttpRequest, members: Iterable[User], action: str) -> None:
    """One audit event per member shown (each once), in one query."""
    unique = {m.pk: m for m in members}
    if unique:
        record_list_view(request, list(unique.values()), Scope.ENGAGEMENT, action=action)


def my_group(request: AuthenticatedHttpRequest, group_id: int) -> AlumniGroup:
    # Another coordinator's group answers 404, exactly like one that does not exist.
    return get_object_or_404(groups_coordinated_by(coordinator(request)), pk=group_id)


def my_event(request: AuthenticatedHttpRequest, event_id: int) -> Event:
    events = Event.objects.filter(group__in=groups_coordinated_by(coordinator(request)))
    return get_object_or_404(events.select_related("group"), pk=event_id)


def back_to(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def small_int(value: str) -> int | None:
    """A posted id, or None: plain ASCII digits of a sane length only."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None
