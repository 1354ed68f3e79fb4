"""A few minutes' memory of small per-person values that every page shows (the Get help
now panel's people), in the shared cache so all web workers see one copy and one forget.

It never fails a page: a cache that is down or hung (Redis) is left alone for a while
(core.redis_rest) and the value is computed as if nothing were kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from core import redis_rest

T = TypeVar("T")

# Every key starts so (the tests forget them all between tests).
PREFIX = "person:"


def remembered(key: str, compute: Callable[[], tuple[T, int]]) -> T:
    """The value under `key`, or `compute()`'s, kept for the seconds it says (0: not kept)."""
    if redis_rest.usable():
        try:
            found = cache.get(PREFIX + key)
        except Exception as exc:
            redis_rest.failed(exc, "cache")
        else:
            if found is not None:
                return found
    value, seconds = compute()
    if seconds > 0 and redis_rest.usable():
        try:
            cache.set(PREFIX + key, value, seconds)
        except Exception as exc:
            redis_rest.failed(exc, "cache")
    return value


def forget(*keys: str) -> None:
    """Called after the data behind the keys changed (in the same request: the next page
    must show the change). A failure to forget is logged; the value then lives out its
    few minutes, which is why they are few."""
    try:
        cache.delete_many([PREFIX + key for key in keys])
    except Exception as exc:
        redis_rest.failed(exc, "cache")
