"""recovery_site/broker.py: the guards in kombu's Redis transport, each on its own (the
outage they are for is tests/integration/test_worker_survives_broker.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import redis
from kombu.transport import redis as kombu_redis

import recovery_site.celery  # noqa: F401 - installs the guards, as every process does
from recovery_site import broker


class _Channel:
    """Just what the close guard reads of a kombu Redis channel."""

    connection_errors = (redis.exceptions.ConnectionError,)

    def __init__(self, polling: bool) -> None:
        self._in_poll: object = object() if polling else False  # kombu's idle value
        self.closed = False
        self.closes = 0


def _close_failing(times: int, *, after_closed: bool = False):
    def close(channel: _Channel) -> None:
        channel.closes += 1
        channel._in_poll = None  # as kombu's _brpop_read leaves it, even when it fails
        if after_closed:
            channel.closed = True
        if channel.closes <= times:
            raise redis.exceptions.ConnectionError("Connection closed by server.")
        channel.closed = True

    return close


def test_the_celery_app_installs_both_guards():
    assert kombu_redis.Channel.close is broker._close_past_a_dead_poll
    assert kombu_redis.Channel._connparams is broker._no_parameters_without_a_broker


def test_a_close_that_fails_on_the_pending_poll_closes_again_at_once(monkeypatch):
    monkeypatch.setattr(broker, "_kombu_close", _close_failing(1))
    channel = _Channel(polling=True)

    broker._close_past_a_dead_poll(channel)  # type: ignore[arg-type]

    assert (channel.closes, channel.closed) == (2, True)


def test_a_close_that_fails_restoring_to_a_redis_that_is_down_raises_as_in_kombu(monkeypatch):
    monkeypatch.setattr(broker, "_kombu_close", _close_failing(1, after_closed=True))
    channel = _Channel(polling=True)

    with pytest.raises(redis.exceptions.ConnectionError):
        broker._close_past_a_dead_poll(channel)  # type: ignore[arg-type]
    assert channel.closes == 1


def test_a_close_that_fails_without_a_pending_poll_raises_as_in_kombu(monkeypatch):
    monkeypatch.setattr(broker, "_kombu_close", _close_failing(1))
    channel = _Channel(polling=False)

    with pytest.raises(redis.exceptions.ConnectionError):
        broker._close_past_a_dead_poll(channel)  # type: ignore[arg-type]
    assert channel.closes == 1


def test_a_channel_whose_transport_forgot_its_broker_answers_a_connection_error():
    channel = kombu_redis.Channel.__new__(kombu_redis.Channel)
    channel.connection = SimpleNamespace(client=None)

    with pytest.raises(redis.exceptions.ConnectionError, match="connection of this channel"):
        channel._connparams()
