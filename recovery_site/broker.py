"""A worker that outlives a Redis outage: two guards in kombu's Redis transport.

Measured with celery 5.7.0 and kombu 5.7.0 (the newest on PyPI; no release fixes it):
Redis goes away while a worker is busy with acks_late tasks and has a slot free, so its
task channel is waiting on a BRPOP. Another socket (the control channel's) sees the loss
first; celery's consumer then closes the connection twice, `collect()` and `close()`:

1. The first close of the task channel reads the pending BRPOP reply first (kombu does
   so not to lose a message BRPOP may have popped) and fails there with a connection
   error, before the channel is marked closed. `collect()` ignores that error and then
   forgets the transport's broker (`transport.client = None`).
2. The second close runs the whole close on the half-closed channel: "Restoring 1
   unacknowledged message(s)" asks for a new Redis client, whose parameters come from
   `transport.client.hostname`, and the AttributeError kills the worker ("Unrecoverable
   error"). An ack of a task that finishes later on the old channel fails the same way.

tests/integration/test_worker_survives_broker.py reproduces it on every try. The guards:

- `_close_past_a_dead_poll`: if the close fails on the pending BRPOP reply, close again
  at once (the failed read cleared the poll), while the transport still knows its broker.
  The unacknowledged messages are then put back, or stay in Redis's unacked set for the
  visibility timeout if Redis is down; a late ack on the old channel reaches Redis again.
- `_no_parameters_without_a_broker`: a channel whose transport has forgotten its broker
  answers a new client with a connection error, which celery handles as the lost
  connection it is (a reconnect; "Couldn't ack" and a redelivery for a late ack), never
  an AttributeError that stops the worker.
"""

from __future__ import annotations

from typing import Any

import redis
from kombu.transport import redis as kombu_redis

_kombu_close = kombu_redis.Channel.close
_kombu_connparams = kombu_redis.Channel._connparams


def _close_past_a_dead_poll(self: kombu_redis.Channel) -> None:
    polling = bool(getattr(self, "_in_poll", None))  # as kombu's close asks: a BRPOP is out
    try:
        _kombu_close(self)
    except self.connection_errors:
        if self.closed or not polling:
            raise  # failed later (restoring to a Redis that is down): kombu handles that
        _kombu_close(self)  # reading the reply cleared the poll: this time it closes


def _no_parameters_without_a_broker(
    self: kombu_redis.Channel, asynchronous: bool = False
) -> dict[str, Any]:
    if self.connection.client is None:
        raise redis.exceptions.ConnectionError("the broker connection of this channel is closed")
    return _kombu_connparams(self, asynchronous=asynchronous)


def outlive_redis_outages() -> None:
    """Install both guards (idempotent). Called where the Celery app is made."""
    kombu_redis.Channel.close = _close_past_a_dead_poll  # type: ignore[method-assign]
    kombu_redis.Channel._connparams = _no_parameters_without_a_broker  # type: ignore[method-assign]
