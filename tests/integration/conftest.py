"""Real Celery worker processes (and a real SMTP server) for integration tests.

A worker is a separate `celery worker` process for the `recovery_site` app that talks to
a real Redis broker and reads and writes the pytest-django test database, so tests that
use one must commit their data: mark them `django_db(transaction=True)`.

Each worker consumes a queue of its own (a unique name per run) so that no other worker on
the same broker can take the tests' tasks, and `--purge` empties only that queue. Tasks the
worker queues itself (evaluate_member queues notify_alert) go to that queue too.

Email leaves a worker in one of two ways:

- `celery_worker_process`: Django's file-based backend; `WorkerProcess.messages()` reads it.
- `smtp_worker`: Django's SMTP backend, talking to `smtp_server`, an aiosmtpd server on
  127.0.0.1 that keeps what it receives (`SmtpServer.messages()`).
- `texting_worker`: file-based email, and texts through the HTTP gateway backend to
  `sms_gateway`, a gateway on 127.0.0.1 that keeps what it is sent (`SmsGateway.texts()`).

Tests that need a broker of their own (to stop it, or to let it redeliver) use `own_redis`,
a `redis-server` on a free port, with `start_worker(...)` and `celery_app_on(...)`; the
shared Redis (REDIS_URL) is never stopped.
"""

from __future__ import annotations

import contextlib
import ctypes
import email
import email.policy
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any
from unittest import mock
from urllib.parse import quote, urlencode

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from kombu import Exchange, Queue, pools
from kombu.utils.collections import eqhash
from redis.backoff import NoBackoff
from redis.retry import Retry

from recovery_site.celery import app as celery_app

REPO_ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
# The worker says which program sends the invitations; a distinctive name proves
# that the setting reaches the email (the templates say "Waypoint" on their own).
PROGRAM_NAME = "Harbor Light Recovery"
SITE_URL = "http://testserver"

# Runs in the worker process: the app as `celery -A recovery_site` loads it, plus what the
# tests need there and settings have no variable for (both are Celery options, not Waypoint's).
# It exits with the status the `celery` command gives: app.worker_main() drops it, so a
# worker that died of an unrecoverable error looked like a clean exit (status 0).
_WORKER_BOOT = """
import importlib, json, os, sys
from celery.bin.celery import celery
from recovery_site.celery import app
app.conf.task_default_queue = os.environ["WAYPOINT_TEST_QUEUE"]
options = json.loads(os.environ.get("WAYPOINT_TEST_BROKER_OPTIONS") or "{}")
if options:
    # On top of settings' options (the socket timeouts stay, as in production).
    app.conf.broker_transport_options = {**app.conf.broker_transport_options, **options}
for module in filter(None, os.environ.get("WAYPOINT_TEST_WORKER_MODULES", "").split(",")):
    importlib.import_module(module)  # test-only bootsteps, never loaded in production
celery.params[0].default = app
celery.main(args=sys.argv[1:], prog_name="celery")
"""


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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
    # Linux: the child gets SIGTERM if pytest dies without running teardown (kill -9,
    # a CI timeout), so no stray worker keeps the test database open for the next run.
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _preexec() -> Callable[[], None] | None:
    return _die_with_parent if sys.platform.startswith("linux") else None


def _require_services() -> None:
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.fail(
            "needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as `make test` sets them"
        )


def _parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log_path: Path
    mail_dir: Path
    hostname: str
    queue: str
    log_file: IO[bytes] | None = None
    name: str = ""

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def task_endings(self, task_id: str) -> list[str]:
        """The worker's log lines for each time it finished running task `task_id`."""
        pattern = re.compile(rf"^.*\[{re.escape(task_id)}\] (succeeded|raised|retry).*$", re.M)
        return [found.group(0) for found in pattern.finditer(self.log())]

    def wait_for_task(self, task_id: str, *, timeout: float = 20.0, times: int = 1) -> str:
        """Wait until the worker logs the end of task `task_id` (`times` runs of it).

        Returns the log line of the first run.
        """

        def finished() -> list[str] | None:
            self.check_alive()
            endings = self.task_endings(task_id)
            return endings if len(endings) >= times else None

        return wait_until(
            finished,
            timeout=timeout,
            what=lambda: f"task {task_id} ({times}x); worker log:\n{self.log_tail()}",
        )[0]

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
            message = _parse(path.read_bytes().rsplit(b"\n" + b"-" * 79 + b"\n", 1)[0])
            if to is None or to in message.get_all("To", []):
                found.append(message)
        return found


def _worker_command(
    hostname: str, queue: str, *, purge: bool = True, pool: str = "solo", concurrency: int = 1
) -> list[str]:
    """`celery -A recovery_site worker ...`, started through `_WORKER_BOOT`."""
    return [
        sys.executable,
        "-c",
        _WORKER_BOOT,
        "worker",
        f"--pool={pool}",
        f"--concurrency={concurrency}",
        "--loglevel=INFO",
        *(["--purge"] if purge else []),
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


def new_queue() -> str:
    return f"waypoint-integration-{uuid.uuid4().hex[:12]}"


def file_email(directory: Path) -> dict[str, str]:
    """Worker settings: each email is written to a file in `directory`."""
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(directory),
    }


def start_worker(
    directory: Path,
    *,
    broker_url: str,
    email_settings: dict[str, str],
    queue: str | None = None,
    purge: bool = True,
    broker_options: dict[str, Any] | None = None,
    pool: str = "solo",
    concurrency: int = 1,
) -> WorkerProcess:
    """Start a worker on `broker_url` and the test database; return once it answers a ping.

    `directory` holds its log (and its mail, with `file_email(directory / "mail")`).
    `pool="prefork"` runs tasks in a child process, as in production: the main process
    keeps watching the broker while a task runs; `concurrency` children run tasks at once.
    """
    worker = spawn_worker(
        directory,
        broker_url=broker_url,
        email_settings=email_settings,
        queue=queue,
        purge=purge,
        broker_options=broker_options,
        pool=pool,
        concurrency=concurrency,
    )
    try:
        ready = re.compile(rf"\b({re.escape(worker.name)}@\S+) ready\.")

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
        with celery_app_on(broker_url, worker.queue):
            replies = wait_until(
                lambda: celery_app.control.ping(destination=[worker.hostname], timeout=0.5),
                timeout=10,
                what=lambda: f"a ping reply from {worker.hostname}; its log:\n{worker.log_tail()}",
            )
        assert replies == [{worker.hostname: {"ok": "pong"}}]
    except BaseException:
        stop_worker(worker)
        raise
    return worker


def spawn_worker(
    directory: Path,
    *,
    broker_url: str,
    email_settings: dict[str, str],
    queue: str | None = None,
    purge: bool = True,
    broker_options: dict[str, Any] | None = None,
    pool: str = "solo",
    concurrency: int = 1,
    modules: tuple[str, ...] = (),
) -> WorkerProcess:
    """Start a worker process and return at once (`start_worker` waits for it to answer).

    `modules` are imported in the worker before it starts: test-only bootsteps.
    """
    _require_services()
    queue = queue or new_queue()
    name = f"integration-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "recovery_site.settings"
        ),
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": broker_url,
        "WAYPOINT_SITE_URL": SITE_URL,
        "WAYPOINT_PROGRAM_NAME": PROGRAM_NAME,
        "DEBUG": "1",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PYTHONUNBUFFERED": "1",
        "WAYPOINT_TEST_QUEUE": queue,
        "WAYPOINT_TEST_BROKER_OPTIONS": json.dumps(broker_options or {}),
        "WAYPOINT_TEST_WORKER_MODULES": ",".join(modules),
        **email_settings,
    }
    directory.mkdir(parents=True, exist_ok=True)
    log_path = directory / f"{name}.log"
    log_file: IO[bytes] = log_path.open("wb")
    process = subprocess.Popen(
        _worker_command(f"{name}@%h", queue, purge=purge, pool=pool, concurrency=concurrency),
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        preexec_fn=_preexec(),
    )
    return WorkerProcess(process, log_path, directory / "mail", "", queue, log_file, name)


def stop_worker(worker: WorkerProcess) -> None:
    _stop(worker.process)
    if worker.log_file is not None:
        worker.log_file.close()


def kill_worker(worker: WorkerProcess) -> None:
    """SIGKILL: the worker dies at once, acknowledging nothing (a crash, an OOM kill)."""
    worker.process.kill()
    worker.process.wait(timeout=5)
    if worker.log_file is not None:
        worker.log_file.close()


@contextlib.contextmanager
def publishing_to(queue: str) -> Iterator[None]:
    """Tasks this process sends (`.delay()`, on-commit enqueues) go to `queue`."""
    previous = celery_app.conf.task_default_queue
    # The Router reads this setting per task.
    celery_app.conf.task_default_queue = queue
    try:
        yield
    finally:
        celery_app.conf.task_default_queue = previous
        celery_app.amqp.queues.pop(queue, None)


def _drop_pools(broker_url: str) -> None:
    """Close and forget kombu's process-wide pools for `broker_url` (keyed by its address)."""
    with celery_app.connection_for_write(broker_url) as conn:
        key = eqhash(conn)
    for group in (pools.producers, pools.connections):
        pool = dict.pop(group, key, None)
        if pool is not None:
            pool.force_close_all()


@contextlib.contextmanager
def celery_app_on(broker_url: str, queue: str) -> Iterator[None]:
    """This process's Celery app publishes to `queue` on `broker_url`.

    The app's pools are looked up afresh for it; for a broker other than the configured
    one, kombu's process-wide pools for it are closed and dropped on the way out, so a
    later use (the server restarted on the same port) starts with new connections.
    """
    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = broker_url
    try:
        with (
            mock.patch.object(celery_app, "_pool", None),
            mock.patch.object(celery_app.amqp, "_producer_pool", None),
            publishing_to(queue),
        ):
            try:
                yield
            finally:
                if broker_url != saved:
                    _drop_pools(broker_url)
    finally:
        celery_app.conf.broker_url = saved


def _delete_queue(queue: str) -> None:
    with celery_app.connection_for_write() as conn:
        # Remove the run's queue and its binding tables so nothing stays on the broker.
        bound = Queue(queue, Exchange(queue, type="direct"), routing_key=queue)(
            conn.default_channel
        )
        bound.declare()
        bound.delete()


@contextlib.contextmanager
def _shared_broker_worker(
    directory: Path, email_settings: dict[str, str]
) -> Iterator[WorkerProcess]:
    worker = start_worker(directory, broker_url=settings.REDIS_URL, email_settings=email_settings)
    try:
        with publishing_to(worker.queue):
            yield worker
    finally:
        stop_worker(worker)
        _delete_queue(worker.queue)


# --- The loopback SMTP server ----------------------------------------------------------------


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


class _Inbox:
    """aiosmtpd handler: accepts and keeps every message."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[Received] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), _parse(raw)))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    host: str
    port: int
    inbox: _Inbox = field(repr=False)

    def worker_settings(self) -> dict[str, str]:
        """Worker settings: send email with Django's SMTP backend to this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": self.host,
            "EMAIL_PORT": str(self.port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }

    def received(self, to: str | None = None) -> list[Received]:
        """What the server accepted, in order; `to`: only messages with it as a recipient."""
        with self.inbox.lock:
            found = list(self.inbox.received)
        return [r for r in found if to is None or to in r.rcpt_tos]

    def messages(self, to: str | None = None) -> list[EmailMessage]:
        return [r.message for r in self.received(to)]

    def wait_for(self, to: str, *, count: int = 1, timeout: float = 20.0) -> list[EmailMessage]:
        """Wait until `count` messages for `to` arrived; return them."""
        wait_until(
            lambda: len(self.received(to)) >= count,
            timeout=timeout,
            what=lambda: f"{count} email(s) to {to} at the SMTP server; it has {self.received()}",
        )
        return self.messages(to)


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1 (a free port), for the module's tests."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", controller.port, inbox)
    finally:
        controller.stop()


# --- The loopback SMS gateway ------------------------------------------------------------------


@dataclass
class Text:
    to: str
    text: str
    authorization: str


class _GatewayHandler(BaseHTTPRequestHandler):
    """The HTTP gateway's side of messaging.transports.HttpSmsBackend: keeps each text, and
    honours Idempotency-Key as such gateways do: a key it accepted before is answered with
    the first text's id, and nothing is sent again."""

    server: _GatewayServer

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        key = self.headers.get("Idempotency-Key", "")
        with self.server.lock:
            message_id = self.server.accepted.get(key) if key else None
            if message_id is None:
                self.server.texts.append(
                    Text(body["to"], body["text"], self.headers.get("Authorization", ""))
                )
                message_id = f"gw-{len(self.server.texts)}"
                if key:
                    self.server.accepted[key] = message_id
        answer = json.dumps({"id": message_id}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the test asserts what arrived; no noise in its output


class _GatewayServer(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _GatewayHandler)
        self.lock = threading.Lock()
        self.texts: list[Text] = []
        self.accepted: dict[str, str] = {}  # Idempotency-Key -> the id it was answered


@dataclass
class SmsGateway:
    server: _GatewayServer = field(repr=False)
    token: str = "loopback-test-token"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/send"

    def worker_settings(self) -> dict[str, str]:
        """Worker settings: texts go through the HTTP gateway backend to this server."""
        return {
            "WAYPOINT_SMS_BACKEND": "messaging.transports.HttpSmsBackend",
            "WAYPOINT_SMS_GATEWAY_URL": self.url,
            "WAYPOINT_SMS_GATEWAY_TOKEN": self.token,
            "WAYPOINT_SMS_GATEWAY_DEDUPES": "1",  # this one honours Idempotency-Key
        }

    def texts(self, to: str | None = None) -> list[Text]:
        with self.server.lock:
            found = list(self.server.texts)
        return [t for t in found if to is None or t.to == to]


@pytest.fixture(scope="module")
def sms_gateway() -> Iterator[SmsGateway]:
    """An HTTP SMS gateway on 127.0.0.1 (a free port) that keeps what it is sent."""
    server = _GatewayServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SmsGateway(server)
    finally:
        server.shutdown()
        server.server_close()


# --- A Redis server of the test's own ----------------------------------------------------------


@dataclass
class RedisServer:
    """`redis-server` on a free port; the test may stop and restart it.

    In memory only, unless `persistent`: then an append-only file keeps every write across a
    restart, as the production Redis (docker-compose.yml) keeps its queues.
    """

    port: int
    directory: Path
    persistent: bool = False
    process: subprocess.Popen[bytes] | None = None
    log_file: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        client = redis.Redis(
            host="127.0.0.1",
            port=self.port,
            socket_connect_timeout=0.2,
            retry=Retry(NoBackoff(), 0),  # one try: the caller polls
        )
        try:
            return bool(client.ping())
        except redis.exceptions.ConnectionError:
            return False
        finally:
            client.close()

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.directory.mkdir(parents=True, exist_ok=True)
        self.log_file = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes" if self.persistent else "no",
                "--appendfsync",
                "always",
                "--dir",
                str(self.directory),
            ],
            stdin=subprocess.DEVNULL,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            preexec_fn=_preexec(),
        )

        def up() -> bool:
            if self.process is not None and self.process.poll() is not None:
                pytest.fail(f"redis-server exited:\n{(self.directory / 'redis.log').read_text()}")
            return self.answers()

        wait_until(up, timeout=10, what=f"redis-server on port {self.port}", interval=0.05)

    def freeze(self) -> None:
        """SIGSTOP: the port stays open and accepts connections, but nothing answers (a hung
        Redis, not a refused one)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        """SIGKILL: Redis dies at once, as in an OOM kill; sockets are reset, not closed
        with a goodbye. A persistent server keeps what its append-only file holds."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)
        self.stop()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a frozen server cannot exit
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
        if self.log_file is not None:
            self.log_file.close()
            self.log_file = None


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis broker only this test uses (never the shared one on REDIS_URL)."""
    server = RedisServer(free_port(), tmp_path / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- Fixtures ----------------------------------------------------------------------------------


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
    """A worker on the shared broker whose email goes to files (`worker.messages()`)."""
    directory = tmp_path_factory.mktemp("celery-worker")
    with _shared_broker_worker(directory, file_email(directory / "mail")) as worker:
        yield worker


@pytest.fixture(scope="module")
def texting_worker(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None, sms_gateway: SmsGateway
) -> Iterator[WorkerProcess]:
    """A worker whose email goes to files and whose texts go through `sms_gateway`."""
    directory = tmp_path_factory.mktemp("celery-texting-worker")
    settings_for_worker = {**file_email(directory / "mail"), **sms_gateway.worker_settings()}
    with _shared_broker_worker(directory, settings_for_worker) as worker:
        yield worker


@pytest.fixture(scope="module")
def smtp_worker(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None, smtp_server: SmtpServer
) -> Iterator[WorkerProcess]:
    """A worker on the shared broker whose email goes through `smtp_server`."""
    directory = tmp_path_factory.mktemp("celery-smtp-worker")
    with _shared_broker_worker(directory, smtp_server.worker_settings()) as worker:
        yield worker
