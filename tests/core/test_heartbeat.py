"""core.heartbeat: the worker stamps when it runs the tick, beat when it has sent it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core import heartbeat
from core.models import Heartbeat
from core.tasks import heartbeat as heartbeat_task
from recovery_site.celery import app as celery_app


def test_beat_sends_the_tick_every_30_seconds_and_it_expires_before_the_next():
    entry = celery_app.conf.beat_schedule["heartbeat"]
    assert entry["task"] == heartbeat.TASK == heartbeat_task.name
    assert entry["schedule"] == 30.0
    assert entry["options"]["expires"] < entry["schedule"]
    assert timedelta(seconds=3 * entry["schedule"]) == heartbeat.LATE_AFTER


@pytest.mark.django_db
def test_running_the_tick_stamps_the_worker_and_not_beat():
    heartbeat_task.delay()
    assert heartbeat.seen(heartbeat.WORKER) >= timezone.now() - timedelta(seconds=5)
    assert heartbeat.seen(heartbeat.BEAT) is None


@pytest.mark.django_db
def test_a_second_stamp_moves_the_same_row():
    Heartbeat.objects.create(name=heartbeat.WORKER, seen_at=timezone.now() - timedelta(hours=1))
    heartbeat.stamp(heartbeat.WORKER)
    assert Heartbeat.objects.count() == 1
    assert heartbeat.seen(heartbeat.WORKER) >= timezone.now() - timedelta(seconds=5)


@pytest.mark.django_db(transaction=True)
def test_sending_the_tick_stamps_beat_and_other_tasks_stamp_nothing():
    heartbeat.beat_sent(sender="alerts.tasks.evaluate_member")
    assert not Heartbeat.objects.exists()
    heartbeat.beat_sent(sender=heartbeat.TASK)
    # Beat's connection is not kept between ticks (nothing else would ever close it).
    # Django never closes an in-memory SQLite database (the SQLite test run's): it would
    # be lost; a file or a server connection is closed.
    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        assert connection.connection is None
    assert list(Heartbeat.objects.values_list("name", flat=True)) == [heartbeat.BEAT]


@pytest.mark.django_db(transaction=True)
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_beat_sends_its_first_tick_as_it_starts_not_a_whole_interval_later():
    # Through the real broker: the publish itself stamps beat, as in a running beat.
    heartbeat.beat_started()
    assert heartbeat.seen(heartbeat.BEAT) >= timezone.now() - timedelta(seconds=5)
    assert heartbeat.seen(heartbeat.WORKER) is None  # no worker has run it yet


def test_beat_connects_its_first_tick_to_both_ways_of_starting():
    from celery.signals import beat_embedded_init, beat_init

    for signal in (beat_init, beat_embedded_init):
        assert heartbeat.beat_started in [ref() for _key, ref in signal.receivers]
