"""core.redis_rest: after Redis fails, this process leaves it alone for a few seconds, and
what used it (the person cache, a second-factor count, a publish) carries on without it."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory, override_settings

from accounts.identity import confirm_identity
from core import redis_rest
from core.enqueue import enqueue_each
from core.person_cache import remembered
from recovery_site.celery import app as celery_app
from tests.factories import PASSWORD, UserFactory

NOBODY_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def cache_down():
    down = {
        **django_settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": NOBODY_LISTENS,
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        },
    }
    with override_settings(CACHES=down):
        yield


def counting(value: str, calls: list[str]):
    def compute() -> tuple[str, int]:
        calls.append(value)
        return value, 60

    return compute


def test_a_working_cache_keeps_the_value():
    calls: list[str] = []
    assert remembered("rest-test", counting("kept", calls)) == "kept"
    assert remembered("rest-test", counting("kept", calls)) == "kept"
    assert calls == ["kept"]


def test_a_cache_that_fails_is_rested_and_the_page_still_gets_its_value(cache_down, caplog):
    calls: list[str] = []
    with caplog.at_level(logging.WARNING, logger="core.redis_rest"):
        assert remembered("rest-test", counting("computed", calls)) == "computed"
    assert "redis_resting use=cache error=ConnectionError" in caplog.text
    assert not redis_rest.usable()

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="core.redis_rest"):
        assert remembered("rest-test", counting("computed", calls)) == "computed"
    assert caplog.text == ""  # not asked again while resting
    assert calls == ["computed", "computed"]


def test_the_rest_ends_by_itself(cache_down, monkeypatch):
    remembered("rest-test", counting("computed", []))
    assert not redis_rest.usable()
    monkeypatch.setattr(redis_rest, "_resting_until", 0.0)
    assert redis_rest.usable()


@pytest.mark.django_db
def test_confirming_who_you_are_works_while_the_cache_is_down(cache_down):
    person = UserFactory()
    request = RequestFactory().post("/")
    request.user = person
    assert confirm_identity(request, "not the password") is False
    assert confirm_identity(request, PASSWORD) is True


def test_a_tick_hands_nothing_over_while_resting_and_everything_after(caplog):
    sent: list[tuple[int]] = []

    class Task:
        name = "tests.count"

        def delay(self, *args: int) -> None:
            sent.append(args)

    redis_rest.failed(ConnectionError("refused"), "publish")
    with caplog.at_level(logging.WARNING, logger="core.enqueue"):
        assert enqueue_each(Task(), [(1,), (2,)]) == 0  # type: ignore[arg-type]
    assert sent == [] and "enqueue_skipped task=tests.count" in caplog.text

    redis_rest.wake()
    assert enqueue_each(Task(), [(1,), (2,)]) == 2  # type: ignore[arg-type]
    assert sent == [(1,), (2,)]


def test_a_failed_publish_rests_the_broker(broker_unreachable, caplog, monkeypatch):
    @celery_app.task(name="tests.rest_probe")
    def probe(n: int) -> None:
        return None

    monkeypatch.setattr(celery_app.conf, "task_always_eager", False)  # publish for real
    with caplog.at_level(logging.WARNING):
        assert enqueue_each(probe, [(1,), (2,)]) == 0
    assert "redis_resting use=publish" in caplog.text
    assert not redis_rest.usable()
