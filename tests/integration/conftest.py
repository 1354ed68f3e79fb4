"""A real Celery worker process for integration tests.

The worker is a separate `celery -A recovery_site worker` process that talks to the
real Redis broker and reads and writes the pytest-django test database, so tests
that use it must commit their data: mark them `django_db(transaction=True)`.

It consumes a queue of its own (a unique name per run) so that no other worker on
the same broker can take the tests' tasks, and `--purge` empties only that queue.
"""

from __future__ import annotations

import ctypes
import email
import email.policy
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.db import connection
from kombu import Exchange, Queue

from recovery_site.celery import app as celery_app

REPO_ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
# The worker says which program sends the invitations; a distinctive name proves
# that the setting reaches the email (the templates say "Waypoint" on their own).
PROGRAM_NAME = "Harbor Light Recovery"


def wait_until(
    condition: Callable[[], Any],
    *,
    timeout: float,
    what: str | Callable[[], str],
    interval: float = 0.2,
) -> Any:
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds.

    `what` names what is awaited; a callable is asked only on failure (for a log tail).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            detail = what() if callable(what) else what
            pytest.fail(f"Timed out after {timeout:.0f} s waiting for {detail}")
        time.sleep(interval)


def worker_database_url() -> str:
    """A DATABASE_URL for the database this test session uses (test_<name>)."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = db.get("PASSWORD") or ""
    credentials = user + (":" + quote(password, safe="") if password else "")
    host = quote(db.get("HOST") or "", safe="")  # empty: the local socket, as in settings
    port = f":{db['PORT']}" if db.get("PORT") else ""
    url = f"postgres://{credentials}{'@' if credentials else ''}{host}{port}/{db['NAME']}"
    options = {k: v for k, v in (db.get("OPTIONS") or {}).items() if isinstance(v, str | int)}
    return url + (f"?{urlencode(options)}" if options else "")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    # Linux: the worker gets SIGTERM if pytest dies without running teardown (kill -9,
    # a CI timeout), so no stray worker keeps the test database open for the next run.
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log_path: Path
    mail_dir: Path
    hostname: str
    queue: str

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def wait_for_task(self, task_id: str, *, timeout: float = 20.0) -> str:
        """Wait until the worker logs the end of task `task_id`; return that log line."""
        pattern = re.compile(rf"^.*\[{re.escape(task_id)}\] (succeeded|raised|retry).*$", re.M)

        def finished() -> str | None:
            self.check_alive()
            found = pattern.search(self.log())
            return found.group(0) if found else None

        return wait_until(
            finished,
            timeout=timeout,
            what=lambda: f"task {task_id}; worker log:\n{self.log_tail()}",
        )

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            pytest.fail(
                f"The Celery worker exited with status {self.process.returncode}:\n"
                + self.log_tail()
            )

    def mail_files(self) -> list[Path]:
        return sorted(self.mail_dir.glob("*.log")) if self.mail_dir.exists() else []

    def messages(self, to: str | None = None) -> list[EmailMessage]:
        """The emails the worker wrote (file-based backend: one message per file here)."""
        found = []
        for path in self.mail_files():
            raw = path.read_bytes().rsplit(b"\n" + b"-" * 79 + b"\n", 1)[0]
            message = email.message_from_bytes(raw, policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            if to is None or to in message.get_all("To", []):
                found.append(message)
        return found


def _worker_command(hostname: str, queue: str) -> list[str]:
    celery = Path(sys.executable).parent / "celery"
    base = [str(celery)] if celery.exists() else [sys.executable, "-m", "celery"]
    return [
        *base,
        "-A",
        "recovery_site",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=INFO",
        "--purge",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        f"--hostname={hostname}",
        f"--queues={queue}",
    ]


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # warm shutdown: finish the current task
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@pytest.fixture(autouse=True)
def _eager_celery() -> Iterator[None]:
    """Overrides tests/conftest.py: tasks go through the broker to the worker process."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(scope="module")
def celery_worker_process(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None
) -> Iterator[WorkerProcess]:
    """Start `celery worker` against the test database and the real broker; stop it after."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.fail(
            "needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as `make test` sets them"
        )

    tmp_path = tmp_path_factory.mktemp("celery-worker")
    suffix = uuid.uuid4().hex[:12]
    queue = f"waypoint-integration-{suffix}"
    name = f"integration-{suffix}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "recovery_site.settings"
        ),
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "WAYPOINT_SITE_URL": "http://testserver",
        "WAYPOINT_PROGRAM_NAME": PROGRAM_NAME,
        "DEBUG": "1",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PYTHONUNBUFFERED": "1",
    }
    log_path = tmp_path / "worker.log"
    log_file: IO[bytes] = log_path.open("wb")
    process = subprocess.Popen(
        _worker_command(f"{name}@%h", queue),
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )
    # This process publishes to the worker's queue (the Router reads this setting per task).
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    worker = WorkerProcess(process, log_path, tmp_path / "mail", "", queue)
    try:
        ready = re.compile(rf"\b({re.escape(name)}@\S+) ready\.")

        def is_ready() -> str | None:
            worker.check_alive()
            found = ready.search(worker.log())
            return found.group(1) if found else None

        worker.hostname = wait_until(
            is_ready,
            timeout=READY_TIMEOUT,
            what=lambda: f"the worker to start; its log:\n{worker.log_tail()}",
        )
        # The broker round trip works both ways: the worker answers a ping sent to it by name.
        replies = wait_until(
            lambda: celery_app.control.ping(destination=[worker.hostname], timeout=0.5),
            timeout=10,
            what=lambda: f"a ping reply from {worker.hostname}; its log:\n{worker.log_tail()}",
        )
        assert replies == [{worker.hostname: {"ok": "pong"}}]
    except BaseException:
        _stop(process)
        log_file.close()
        celery_app.conf.task_default_queue = previous_queue
        raise

    try:
        yield worker
    finally:
        celery_app.conf.task_default_queue = previous_queue
        _stop(process)
        log_file.close()
    celery_app.amqp.queues.pop(queue, None)
    with celery_app.connection_for_write() as conn:
        # Remove the run's queue and its binding tables so nothing stays on the broker.
        bound = Queue(queue, Exchange(queue, type="direct"), routing_key=queue)(
            conn.default_channel
        )
        bound.declare()
        bound.delete()
