"""Asking a signed-in person to prove it is them again, before something that cannot be
taken back or that hands over their whole record (download my data, close my account).

`confirm_identity` is the one check: the password, and the second factor (django-otp)
when the person has one. Wrong answers are counted per person: after MAX_TRIES in WINDOW it refuses even
the right password until the window has passed, so a stolen session cannot guess.

The count lives in the shared cache (Redis). While that is down or hung the count is not
kept (core.redis_rest) and the password and second factor are still asked: a Redis outage
must not turn "download my data" into an error page.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django_otp import match_token, user_has_device

from accounts.models import User
from core import redis_rest

MAX_TRIES = 5
WINDOW_SECONDS = 15 * 60


def _key(user: User) -> str:
    return f"confirm-identity:{user.pk}"


def has_second_factor(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def locked_out(user: User) -> bool:
    if not redis_rest.usable():
        return False
    try:
        return int(cache.get(_key(user), 0)) >= MAX_TRIES
    except Exception as exc:  # the cache is down or hung: see the module's note
        redis_rest.failed(exc, "cache")
        return False


def _forget_tries(user: User) -> None:
    if redis_rest.usable():
        try:
            cache.delete(_key(user))
        except Exception as exc:
            redis_rest.failed(exc, "cache")


def _count_a_try(user: User) -> None:
    if not redis_rest.usable():
        return
    try:
        cache.add(_key(user), 0, WINDOW_SECONDS)
        try:
            cache.incr(_key(user))
        except ValueError:  # expired between add and incr
            cache.set(_key(user), 1, WINDOW_SECONDS)
    except Exception as exc:
        redis_rest.failed(exc, "cache")


def confirm_identity(request: HttpRequest, password: str, token: str = "") -> bool:
    """Is the person at this request's keyboard the account's owner? (Counts failures.)"""
    user = request.user
    if not isinstance(user, User) or not user.is_active or locked_out(user):
        return False
    ok = user.check_password(password)
    if ok and has_second_factor(user):
        ok = match_token(user, token.strip()) is not None
    if ok:
        _forget_tries(user)
        return True
    _count_a_try(user)
    return False
