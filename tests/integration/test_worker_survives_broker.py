"""A worker that survives its broker: Redis goes away while the worker's children are busy
with tasks it has not acknowledged (acks_late), and comes back on the same port.

The shape that killed celery 5.7.0 / kombu 5.7.0 workers (recovery_site/broker.py): some
tasks held mid-run and a slot free, so the task channel waits on a BRPOP when the control
channel's socket sees the loss first. Without the guards, each of these tests failed on
every run with "Unrecoverable error: AttributeError(...'hostname')".
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Role, User
from alerts.models import Alert
from alerts.tasks import evaluate_member
from checkins.models import CheckIn
from checkins.progress import local_date
from tests.factories import CheckInFactory, UserFactory
from tests.integration.conftest import (
    RedisServer,
    WorkerProcess,
    celery_app,
    celery_app_on,
    file_email,
    free_port,
    new_queue,
    spawn_worker,
    start_worker,
    stop_worker,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

CHILDREN = 3
HELD = 2  # tasks waiting on a row lock through the outage; one child stays free
QUICK = 2  # tasks that finish before it, so the free child's slot polls the queue again
OUTAGE_SECONDS = 5


@pytest.fixture
def persistent_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A broker of the test's own that keeps its queues across a restart, as production's."""
    server = RedisServer(free_port(), tmp_path / "redis", persistent=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _member_with_a_risky_check_in(name: str) -> User:
    """A member whose check-in today (not yet evaluated) is a second high craving in a row:
    evaluating it opens an alert."""
    member = UserFactory(display_name=name, role=Role.MEMBER)
    today = local_date(member.timezone)
    CheckInFactory(
        member=member, local_date=today - timedelta(days=1), craving=9, evaluated_at=timezone.now()
    )
    CheckInFactory(member=member, local_date=today, craving=8)
    return member


def _blocked_by(backend_pid: int) -> list[int]:
    """Database sessions waiting for a lock that session `backend_pid` holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))",
            [backend_pid],
        )
        return [pid for (pid,) in cursor.fetchall()]


def _unevaluated(members: list[User]) -> bool:
    return CheckIn.objects.filter(member__in=members, evaluated_at=None).exists()


def _pings(worker: WorkerProcess, broker_url: str) -> list[dict]:
    with celery_app_on(broker_url, worker.queue):
        return celery_app.control.ping(destination=[worker.hostname], timeout=1.0)


@pytest.mark.parametrize("how", ["terminate", "kill"])
def test_a_busy_worker_outlives_a_broker_outage_and_finishes_its_work(
    how: str, persistent_redis: RedisServer, tmp_path: Path
):
    held = [_member_with_a_risky_check_in(f"Held {n}") for n in range(HELD)]
    quick = [_member_with_a_risky_check_in(f"Quick {n}") for n in range(QUICK)]
    queue = new_queue()
    worker = start_worker(
        tmp_path / "worker",
        broker_url=persistent_redis.url,
        email_settings=file_email(tmp_path / "worker" / "mail"),
        queue=queue,
        pool="prefork",
        concurrency=CHILDREN,
    )
    holder = psycopg2.connect(**connection.get_connection_params())
    try:
        # Someone else holds the held members' check-ins: their evaluations wait mid-task,
        # each message delivered and not acknowledged.
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (holder_pid,) = cursor.fetchone()
            cursor.execute(
                f"SELECT id FROM {CheckIn._meta.db_table} "  # noqa: S608
                "WHERE member_id = ANY(%s) AND evaluated_at IS NULL FOR UPDATE",
                [[m.pk for m in held]],
            )
        with celery_app_on(persistent_redis.url, queue):
            for member in held + quick:
                evaluate_member.delay(member.pk)
        wait_until(
            lambda: (
                worker.check_alive()
                or (len(_blocked_by(holder_pid)) == HELD and not _unevaluated(quick))
            ),
            timeout=20,
            what=lambda: f"{HELD} tasks held, {QUICK} done; worker log:\n{worker.log_tail()}",
        )
        time.sleep(0.5)  # the alerts' notify tasks run too; then the free slot polls

        if how == "kill":
            persistent_redis.kill()
        else:
            persistent_redis.stop()
        time.sleep(OUTAGE_SECONDS / 2)
        holder.rollback()  # the held tasks finish while the broker is away
        time.sleep(OUTAGE_SECONDS / 2)
        worker.check_alive()
        persistent_redis.start()

        replies = wait_until(
            lambda: worker.check_alive() or _pings(worker, persistent_redis.url),
            timeout=30,
            what=lambda: f"a ping reply after the outage; worker log:\n{worker.log_tail()}",
        )
        assert replies == [{worker.hostname: {"ok": "pong"}}]
        wait_until(
            lambda: worker.check_alive() or not _unevaluated(held),
            timeout=20,
            what=lambda: f"the held check-ins evaluated; worker log:\n{worker.log_tail()}",
        )
        worker.check_alive()
    finally:
        holder.close()
        stop_worker(worker)

    log = worker.log()
    assert "Unrecoverable error" not in log
    # The held tasks' late acks reached Redis: nothing is left to run twice.
    assert "Couldn't ack" not in log
    assert sorted(Alert.objects.values_list("member__display_name", flat=True)) == sorted(
        m.display_name for m in held + quick
    )


def test_a_worker_that_dies_of_an_unrecoverable_error_exits_non_zero(
    own_redis: RedisServer, tmp_path: Path
):
    """So that a restart-on-failure supervisor brings it back (docker-compose's
    `restart: unless-stopped` restarts it after any exit)."""
    worker = spawn_worker(
        tmp_path / "worker",
        broker_url=own_redis.url,
        email_settings=file_email(tmp_path / "worker" / "mail"),
        pool="prefork",
        concurrency=2,
        modules=("tests.integration.worker_faults",),
    )
    try:
        status = worker.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"The worker did not exit; its log:\n{worker.log_tail()}")
    finally:
        stop_worker(worker)

    assert status == 1, worker.log_tail()
    assert "Unrecoverable error: AttributeError" in worker.log()
