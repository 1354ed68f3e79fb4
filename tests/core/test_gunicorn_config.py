"""recovery_site/gunicorn.conf.py: gunicorn's own error answers carry the crisis lines,
and a request's waits end before gunicorn's kill."""

from __future__ import annotations

import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection

from tests.integration.conftest import free_port, worker_database_url

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "recovery_site" / "gunicorn.conf.py"


def config() -> dict:
    with mock.patch.dict(os.environ), mock.patch.object(sys, "path", list(sys.path)):
        values = runpy.run_path(str(CONFIG))
        values["env"] = dict(os.environ)
    return values


def answer(url: str, timeout: float) -> tuple[int, str]:
    try:
        # Our own http://127.0.0.1 address, built above.
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator:
    started: list[subprocess.Popen[bytes]] = []

    def start(app: str, *options: str, **env: str) -> str:
        port = free_port()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(CONFIG),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                *options,
                app,
            ],
            cwd=tmp_path,  # the config finds the project from wherever it is started
            env={**os.environ, "DEBUG": "1", **env},
            stdin=subprocess.DEVNULL,
            stdout=(tmp_path / "gunicorn.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return f"http://127.0.0.1:{port}"
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.1)

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=15)


def test_a_request_killed_at_the_timeout_gets_the_page_with_the_crisis_lines(gunicorn):
    base = gunicorn(
        "tests.core.slow_app:app",
        "--timeout",
        "2",
        WAYPOINT_PROGRAM_NAME="Harbor Light",
        WAYPOINT_PROGRAM_PHONE="1-800-555-0100",
        PYTHONPATH=str(ROOT),
    )
    started = time.monotonic()
    status, page = answer(base + "/", timeout=20)
    assert time.monotonic() - started < 10
    assert status == 500
    assert '<html lang="en' in page and "<title>Something went wrong</title>" in page
    assert 'href="tel:911"' in page and 'href="sms:988"' in page
    assert "Call Harbor Light: 1-800-555-0100" in page
    assert "Internal Server Error" not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_waypoint_serves_under_the_config_with_statements_stopped_before_the_kill(gunicorn):
    values = config()
    statement_timeout = int(values["env"]["WAYPOINT_STATEMENT_TIMEOUT_SECONDS"])
    assert statement_timeout < values["timeout"] == 30
    base = gunicorn(
        "recovery_site.wsgi:application",
        DATABASE_URL=worker_database_url(),
        WAYPOINT_STATEMENT_TIMEOUT_SECONDS=str(statement_timeout),
    )
    assert answer(base + "/healthz", timeout=20)[0] == 200
    shown = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.db import connection\n"
            "with connection.cursor() as c:\n"
            "    c.execute('SHOW statement_timeout'); print(c.fetchone()[0])",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": worker_database_url(),
            "WAYPOINT_STATEMENT_TIMEOUT_SECONDS": str(statement_timeout),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.stdout.strip() == f"{statement_timeout}s", shown.stderr


def test_the_image_starts_gunicorn_with_the_config():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "--config", "recovery_site/gunicorn.conf.py"' in dockerfile
