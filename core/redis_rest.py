"""Redis failed a moment ago, so this process leaves it alone for a few seconds.

A hung Redis (stopped with SIGSTOP, a full network path) accepts the connection and then
answers nothing, so every use waits out its socket timeout (settings.REDIS_TIMEOUT_SECONDS,
1 s) and a publish with its one retry waits 2 s. With three sync gunicorn workers, a wait on
every check-in queued the rest behind it: with Redis frozen 45 s the p95 of a confirmed
check-in was 11 s (bench/faults, redis-frozen). After one failure the users of Redis in a
request (the person cache, the publish of background work) skip it for RESTING_SECONDS:
a page computes what the cache would have held, and a saved row that was not handed over
is picked up by its sweep, as after any broker outage. So a hung Redis costs each process
one slow request per rest, not every request.

Per process, on purpose: no shared state to reach when the shared state is what failed.
/healthz does not rest: it asks Redis each time, with the same bounded wait, so it tells
the truth as soon as Redis answers again.
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)

RESTING_SECONDS = 10.0
_resting_until = 0.0


def usable() -> bool:
    return time.monotonic() >= _resting_until


def failed(error: BaseException, use: str) -> None:
    """Redis failed for `use` ("cache", "publish"): rest it. Logs the class name only, as
    the message may carry a key, and keys name people."""
    global _resting_until
    _resting_until = time.monotonic() + RESTING_SECONDS
    log.warning("redis_resting use=%s error=%s", use, error.__class__.__name__)


def wake() -> None:
    """Use Redis again at once (tests, and nothing else: a rest ends by itself)."""
    global _resting_until
    _resting_until = 0.0
