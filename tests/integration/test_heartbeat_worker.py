"""Heartbeats from real beat and worker processes, on both brokers (core.heartbeat).

Beat sends `core.tasks.heartbeat` every 30 s and stamps its own row once the broker has
it; the worker that runs it stamps the worker's. So beat alone shows beat seen and the
worker late, which is how /healthz/deep tells "worker down" from "beat down".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import heartbeat
from tests.integration.conftest import (
    REPO_ROOT,
    RedisServer,
    _preexec,
    _stop,
    celery_app_on,
    file_email,
    start_worker,
    stop_worker,
    wait_until,
    worker_database_url,
)

pytestmark = pytest.mark.django_db(transaction=True)

FIRST_TICK = 45  # beat's first heartbeat goes 30 s after it starts


def celery(args: list[str], log: Path, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "recovery_site", *args, "--loglevel=INFO"],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "DATABASE_URL": worker_database_url(),
            "DEBUG": "1",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            **env,
        },
        stdin=subprocess.DEVNULL,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        preexec_fn=_preexec(),
    )


def test_beat_alone_is_seen_and_the_worker_late_until_a_worker_runs_the_tick(
    own_redis: RedisServer, tmp_path: Path, client
) -> None:
    log = tmp_path / "beat.log"
    beat = celery(["beat", "-s", str(tmp_path / "schedule")], log, REDIS_URL=own_redis.url)
    try:
        wait_until(
            lambda: heartbeat.seen(heartbeat.BEAT),
            timeout=FIRST_TICK,
            what=lambda: f"beat's stamp; its log:\n{log.read_text()[-3000:]}",
        )
        assert heartbeat.seen(heartbeat.WORKER) is None
        with celery_app_on(own_redis.url, "celery"):
            body = client.get("/healthz/deep").json()
        assert (body["beat"]["status"], body["worker"]["status"]) == ("ok", "late")

        # The tick beat sent is waiting in the broker: a worker that starts now runs it.
        worker = start_worker(
            tmp_path / "worker",
            broker_url=own_redis.url,
            email_settings=file_email(tmp_path / "mail"),
            queue="celery",
            purge=False,
        )
        try:
            wait_until(
                lambda: heartbeat.seen(heartbeat.WORKER),
                timeout=FIRST_TICK,
                what=lambda: f"the worker's stamp; its log:\n{worker.log_tail()}",
            )
            with celery_app_on(own_redis.url, "celery"):
                response = client.get("/healthz/deep")
            body = response.json()
            assert (body["beat"]["status"], body["worker"]["status"]) == ("ok", "ok")
        finally:
            stop_worker(worker)
    finally:
        _stop(beat)


def test_make_runs_embedded_beat_and_filesystem_broker_stamp_both(tmp_path: Path) -> None:
    log = tmp_path / "worker.log"
    # `make run`: no Redis, the filesystem broker under WAYPOINT_VAR_DIR, beat inside the worker.
    worker = celery(
        ["worker", "-B", "--concurrency=1", "-s", str(tmp_path / "schedule")],
        log,
        REDIS_URL="",
        WAYPOINT_VAR_DIR=str(tmp_path / "var"),
    )
    try:
        wait_until(
            lambda: heartbeat.seen(heartbeat.BEAT) and heartbeat.seen(heartbeat.WORKER),
            timeout=FIRST_TICK + 10,
            what=lambda: f"both stamps; the log:\n{log.read_text()[-3000:]}",
        )
    finally:
        _stop(worker)
