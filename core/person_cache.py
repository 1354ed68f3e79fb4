"""A few minutes' memory of small per-person values that every page shows (the Get help
now panel's people), in the shared cache so all web workers see one copy and one forget.

It never fails a page: a cache that is down or hung (Redis) is left alone for a while and
the value is computed as if nothing were kept. A hung Redis then costs one request its
1 s timeout, not every request.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

log = logging.getLogger(__name__)

T = TypeVar("T")

# Every key starts so (the tests forget them all between tests).
PREFIX = "person:"

# After a cache error, this long without trying it (per process).
RESTING_SECONDS = 30.0
_resting_until = 0.0


def _usable() -> bool:
    return time.monotonic() >= _resting_until


def _rest(error: Exception) -> None:
    global _resting_until
    _resting_until = time.monotonic() + RESTING_SECONDS
    # The class name only: the key names a person.
    log.warning("person_cache_unavailable error=%s", error.__class__.__name__)


def remembered(key: str, compute: Callable[[], tuple[T, int]]) -> T:
    """The value under `key`, or `compute()`'s, kept for the seconds it says (0: not kept)."""
    if _usable():
        try:
            found = cache.get(PREFIX + key)
        except Exception as exc:
            _rest(exc)
        else:
            if found is not None:
                return found
    value, seconds = compute()
    if seconds > 0 and _usable():
        try:
            cache.set(PREFIX + key, value, seconds)
        except Exception as exc:
            _rest(exc)
    return value


def forget(*keys: str) -> None:
    """Called after the data behind the keys changed (in the same request: the next page
    must show the change). A failure to forget is logged; the value then lives out its
    few minutes, which is why they are few."""
    try:
        cache.delete_many([PREFIX + key for key in keys])
    except Exception as exc:
        _rest(exc)
