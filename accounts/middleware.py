"""Per-request rules for signed-in people: their time zone, staff idle time-out, the
second sign-in step, and no caching of anything shown behind sign-in."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

from accounts.account_events import record_account_event
from accounts.models import User
from accounts.second_factor import has_second_factor, is_staff_role, requires_second_factor

log = logging.getLogger(__name__)


class UserTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.timezone:
            timezone.activate(ZoneInfo(user.timezone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


# The session keys the sign-in middlewares keep.
LAST_SEEN = "wp_last_seen"  # seconds since the epoch of a staff session's last request
SECOND_STEP = "wp_second_step"  # "setup", "verify" or "done" (see SecondFactorMiddleware)
REFRESH_SECONDS = 60
REMEMBER = "wp_remember"  # a member chose "keep me signed in on this device"
RENEWED = "wp_renewed"  # the UTC day a remembered session's expiry was last pushed on


def note_activity(request: HttpRequest) -> None:
    """A staff session was used now: its idle clock (and the stored session's expiry,
    twice the idle time, as a backstop) starts again."""
    request.session[LAST_SEEN] = time.time()
    request.session.set_expiry(2 * settings.WAYPOINT_STAFF_IDLE_MINUTES * 60)


# Pages a session that has not given its second factor may still reach.
SECOND_STEP_PAGES = frozenset(
    {
        "two_factor_setup",
        "two_factor_verify",
        "stay_signed_in",
        "logout",
        "help_now",
        "use_safety",
        "choose_language",
        # The installed app's own files (home/installable.py): the same for everyone.
        "offline",
        "service_worker",
        "web_manifest",
    }
)


def _url_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


class StaffIdleTimeoutMiddleware:
    """Staff sessions end after WAYPOINT_STAFF_IDLE_MINUTES without a request.

    The last request's time is checked here, which is also where the person is told why
    they must sign in again. As a backstop the stored session's own expiry slides with each
    request to twice the idle time, so an idle session is gone from the store soon after
    even if no request ever comes. Members keep the usual session length.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and is_staff_role(user):
            now = time.time()
            last = float(request.session.get(LAST_SEEN) or 0)
            if last and now - last > settings.WAYPOINT_STAFF_IDLE_MINUTES * 60:
                return self._sign_out(request, user)
            # Writing the session once a minute is precise enough for a 30-minute limit.
            if now - last >= REFRESH_SECONDS:
                note_activity(request)
        return self.get_response(request)

    def _sign_out(self, request: HttpRequest, user: User) -> HttpResponse:
        record_account_event(request, user, "signed_out_idle", actor=user)
        log.info("signed_out_idle user=%s", user.pk)
        logout(request)
        messages.info(
            request,
            _(
                "You were signed out after %(minutes)d minutes without activity, to keep "
                "people's records private. Please sign in again."
            )
            % {"minutes": settings.WAYPOINT_STAFF_IDLE_MINUTES},
        )
        return redirect_to_login(request.get_full_path())


def remember_member(request: HttpRequest, remember: bool) -> None:
    """At a member's sign-in: on their own device the session lasts
    WAYPOINT_MEMBER_SESSION_DAYS from the last day it was used; on a shared one it ends
    with the browser (and on the server after SESSION_COOKIE_AGE)."""
    if remember:
        request.session[REMEMBER] = True
        _renew(request)
    else:
        request.session.pop(REMEMBER, None)
        request.session.set_expiry(0)


def _renew(request: HttpRequest) -> None:
    request.session[RENEWED] = timezone.now().date().isoformat()
    request.session.set_expiry(settings.WAYPOINT_MEMBER_SESSION_DAYS * 24 * 60 * 60)


class MemberSessionMiddleware:
    """A remembered member session is renewed on use, once a day: one session write a day
    instead of one per request, and a phone used every evening never asks for the
    password. Staff sessions are StaffIdleTimeoutMiddleware's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not is_staff_role(user)
            and request.session.get(REMEMBER)
            and request.session.get(RENEWED) != timezone.now().date().isoformat()
        ):
            _renew(request)
        return self.get_response(request)


class SecondFactorMiddleware:
    """After the password, a session that owes a second factor reaches only its pages.

    Staff without an authenticator are sent to set one up; anyone with one (staff, and
    members who turned it on) is asked for a code. What the session owes is worked out
    once per session and kept in it, so members without one cost no query per request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            step = request.session.get(SECOND_STEP)
            # "done" is trusted only while the person needs no second factor: a member made
            # a counselor mid-session is asked at their next request.
            if step not in ("setup", "verify", "done") or (
                step == "done" and requires_second_factor(user)
            ):
                step = second_step_for(user)
                request.session[SECOND_STEP] = step
            if step != "done" and _url_name(request) not in SECOND_STEP_PAGES:
                page = "two_factor_setup" if step == "setup" else "two_factor_verify"
                return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def second_step_for(user: User) -> str:
    if has_second_factor(user):
        return "verify"
    return "setup" if requires_second_factor(user) else "done"


def start_session(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """On signing in (user_logged_in): what the new session owes (one query, then none per
    request), and a staff session's idle clock starts."""
    if request is not None and hasattr(request, "session"):
        request.session[SECOND_STEP] = second_step_for(user)
        if is_staff_role(user):
            note_activity(request)


class NoStoreMiddleware:
    """Nothing a signed-in person sees is kept by a browser or a proxy cache.

    Every page behind sign-in may show health data (Today, the plan, its print view, the
    caseload), so the rule is simply every authenticated response: the back button on a
    shared computer after signing out shows nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
