"""The servers a fault run starts, stops and breaks: all its own, on spare ports.

PostgreSQL is a cluster made with Debian's initdb in the run's folder (run as the
`postgres` user: PostgreSQL refuses root), Redis a `redis-server` with an append-only
file like docker-compose.yml's, the SMTP sink an aiosmtpd server in this process, and the
app is gunicorn (3 sync workers, as the Dockerfile's CMD), a Celery worker and beat, each
in a process group of its own so that a SIGKILL takes the whole group, as `docker kill`
takes a container.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import psycopg2
import redis
from aiosmtpd.controller import Controller

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
# A bench-only key: sessions made by the seed must verify in the app (same key).
SECRET_KEY = "faults-bench-only-secret-key-never-used-anywhere-else-0123456789abcdef"  # noqa: S105


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], Any], timeout: float, what: str, interval: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


# --- PostgreSQL ------------------------------------------------------------------------


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(
            f"no {name} under /usr/lib/postgresql/*/bin (apt-get install postgresql)"
        )
    return found[-1]


def _as_postgres(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)


@dataclass
class Postgres:
    directory: Path
    port: int = field(default_factory=free_port)

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def log(self) -> Path:
        return self.directory / "postgres.log"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
        done = _as_postgres(
            [
                _pg_bin("initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        )
        if done.returncode:
            raise RuntimeError(f"initdb failed:\n{done.stdout}\n{done.stderr}")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.directory}'\nmax_connections = 200\n"
            )

    def start(self, timeout: float = 60) -> None:
        # After a kill -9 the old backends may hold shared memory for a moment: try again.
        deadline = time.monotonic() + timeout
        while True:
            done = _as_postgres(
                [
                    _pg_bin("pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.log),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            )
            if done.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"pg_ctl start failed:\n{done.stdout}\n{done.stderr}")
            time.sleep(0.5)

    def restart_fast(self) -> None:
        done = _as_postgres(
            [
                _pg_bin("pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-m",
                "fast",
                "-w",
                "restart",
            ]
        )
        if done.returncode:
            raise RuntimeError(f"pg_ctl restart failed:\n{done.stdout}\n{done.stderr}")

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def crash(self) -> None:
        """kill -9 the postmaster: its backends notice and exit; the next start recovers."""
        os.kill(self.postmaster_pid(), signal.SIGKILL)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            _as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"])

    def connect(self, database: str = "postgres") -> Any:
        conn = psycopg2.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, connect_timeout=3
        )
        conn.autocommit = True
        return conn

    def execute(self, sql: str, params: tuple[Any, ...] = (), database: str = "postgres") -> None:
        conn = self.connect(database)
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql, params)
        finally:
            conn.close()

    def answers(self) -> bool:
        try:
            self.connect().close()
            return True
        except psycopg2.Error:
            return False


# --- Redis ------------------------------------------------------------------------------


@dataclass
class Redis:
    directory: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--dir",
                str(self.directory),
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        wait_for(self.answers, 10, f"redis-server on {self.port}", 0.05)

    def _client(self) -> redis.Redis:
        return redis.Redis(
            host="127.0.0.1", port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5
        )

    def answers(self) -> bool:
        client = self._client()
        try:
            return bool(client.ping())
        except redis.exceptions.RedisError:
            return False
        finally:
            client.close()

    def flush(self) -> None:
        client = self._client()
        try:
            client.flushall()
        finally:
            client.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a frozen server cannot exit
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


# --- The SMTP sink ----------------------------------------------------------------------


@dataclass(frozen=True)
class Mail:
    at: float
    to: tuple[str, ...]
    subject: str


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        mail = Mail(time.time(), tuple(envelope.rcpt_tos), str(message["Subject"]))
        with self.sink.lock:
            self.sink.mails.append(mail)
            hold = self.sink.hold
        if hold is not None and hold.matches(mail):
            # The message has arrived but its "250" has not: a worker killed now never
            # learns that it was delivered.
            hold.arrived.set()
            deadline = time.monotonic() + hold.longest
            while not hold.released.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        if self.sink.delay:
            await asyncio.sleep(self.sink.delay)
        return "250 Message accepted for delivery"


@dataclass
class Hold:
    """Keep the `after`-th message whose subject starts with `subject` waiting for its 250."""

    subject: str
    after: int
    longest: float = 20.0
    seen: int = 0
    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def matches(self, mail: Mail) -> bool:
        if not mail.subject.startswith(self.subject) or self.arrived.is_set():
            return False
        self.seen += 1
        return self.seen >= self.after


class SmtpSink:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.mails: list[Mail] = []
        self.hold: Hold | None = None
        self.delay = 0.0  # seconds before each "250"
        self.port = free_port()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.controller.stop()

    def reset(self) -> None:
        with self.lock:
            self.mails.clear()
            self.hold = None
        self.delay = 0.0

    def received(self, subject: str = "") -> list[Mail]:
        with self.lock:
            return [m for m in self.mails if m.subject.startswith(subject)]


# --- The app: gunicorn, worker, beat ---------------------------------------------------------


@dataclass
class Process:
    """One app process (and its children) in a process group of its own."""

    name: str
    args: list[str]
    env: dict[str, str]
    log_path: Path
    ready: Callable[[Process], bool]
    process: subprocess.Popen[bytes] | None = None
    wanted: bool = False  # started, and not stopped or killed on purpose since
    _log: IO[bytes] | None = None

    def start(self, timeout: float = 60) -> None:
        self.wanted = True
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.args,
            cwd=REPO,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            # A process group of its own: a SIGKILL takes its children too. (No preexec_fn
            # such as PR_SET_PDEATHSIG: the load's threads make it unsafe; run.py cleans up.)
            start_new_session=True,
        )

        def up() -> bool:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.tail()}")
            return self.ready(self)

        wait_for(up, timeout, f"{self.name} to start")

    def text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.text().splitlines()[-lines:])

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole group at once: nothing is acknowledged or cleaned up."""
        self.wanted = False
        if self.alive():
            assert self.process is not None
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self._close()

    def stop(self, timeout: float = 20) -> None:
        self.wanted = False
        if self.alive():
            assert self.process is not None
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=timeout)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)  # children left behind, too
            self.process.wait()
        self._close()

    def _close(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


def http_status(url: str, timeout: float = 2) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (OSError, ValueError):
        return None


@dataclass
class App:
    """Web, worker and beat for one scenario's database, on the run's Redis and sink."""

    env: dict[str, str]
    logs: Path
    web_port: int = field(default_factory=free_port)
    beats: list[Process] = field(default_factory=list)
    web: Process | None = None
    worker: Process | None = None
    events: list[tuple[float, str]] = field(default_factory=list)
    _workers: int = 0
    _watching: threading.Event = field(default_factory=threading.Event)
    _watcher: threading.Thread | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def start_web(self) -> None:
        # gunicorn reads ./gunicorn.conf.py by itself when the repo has one; --bind wins.
        self.web = Process(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "recovery_site.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.web_port}",
                "--workers",
                "3",
                "--access-logfile",
                "-",
            ],
            self.env,
            self.logs / "gunicorn.log",
            ready=lambda _p: http_status(self.base + "/healthz") is not None,
        )
        self.web.start()

    def start_worker(self) -> Process:
        self._workers += 1
        name = f"worker{self._workers}"
        worker = Process(
            name,
            [
                str(BIN / "celery"),
                "-A",
                "recovery_site",
                "worker",
                "--loglevel=INFO",
                f"--hostname={name}@faults",
                "--without-gossip",
                "--without-mingle",
            ],
            self.env,
            self.logs / f"{name}.log",
            ready=lambda p: " ready." in p.text(),
        )
        worker.start()
        self.worker = worker
        return worker

    def start_beat(self) -> Process:
        index = len(self.beats) + 1
        beat = Process(
            f"beat{index}",
            [
                str(BIN / "celery"),
                "-A",
                "recovery_site",
                "beat",
                "--loglevel=INFO",
                "--schedule",
                str(self.logs / f"beat{index}-schedule"),
            ],
            self.env,
            self.logs / f"beat{index}.log",
            ready=lambda p: "beat: Starting" in p.text(),
        )
        beat.start()
        self.beats.append(beat)
        return beat

    def processes(self) -> list[Process]:
        return [p for p in [self.web, self.worker, *self.beats] if p is not None]

    def supervise(self, restart_after: float) -> None:
        """Like docker's `restart: unless-stopped`: a process that exits by itself is started
        again `restart_after` seconds later, and the exit is recorded in `events`."""
        self._watcher = threading.Thread(target=self._watch, args=(restart_after,), daemon=True)
        self._watcher.start()

    def _watch(self, restart_after: float) -> None:
        while not self._watching.wait(1.0):
            for process in self.processes():
                if not process.wanted or process.alive() or process.process is None:
                    continue
                code = process.process.returncode
                self.events.append((time.time(), f"{process.name} exited by itself ({code})"))
                process._close()
                time.sleep(restart_after)
                try:
                    process.start()
                    self.events.append((time.time(), f"{process.name} restarted"))
                except (RuntimeError, TimeoutError) as exc:
                    self.events.append((time.time(), f"{process.name} restart failed: {exc}"))

    def stop(self) -> None:
        self._watching.set()
        if self._watcher is not None:
            self._watcher.join()
        for process in [*self.beats, self.worker, self.web]:
            if process is not None:
                process.stop()


def app_env(database_url: str, redis_url: str, smtp_port: int, var_dir: Path) -> dict[str, str]:
    """Production-like settings (DEBUG off), on this run's servers."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME", "TZ")}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "recovery_site.settings",
        "PYTHONUNBUFFERED": "1",
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "WAYPOINT_VAR_DIR": str(var_dir),
        "WAYPOINT_SITE_URL": "http://127.0.0.1",
    }
