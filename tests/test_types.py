"""The code type-checks: mypy with django-stubs, as `make lint` runs it, over the project.

Part of the suite so a type error fails `make test` (and CI) rather than piling up. Once a
run: the Makefile's SQLite pass leaves the `typecheck` mark out. mypy keeps its cache in
.mypy_cache/ (not committed), so a fresh clone runs cold: 12-30 s, a second once warm.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mypy import api

from tests.test_layers import project_modules

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.typecheck


def mypy(*args: str) -> tuple[str, int]:
    """mypy's report and exit status, run from the project root with the project's config
    (its plugin, its excludes: they match paths as mypy sees them from there)."""
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), *args])
    return stdout + stderr, status


def test_the_project_type_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report, status = mypy(".")
    assert status == 0, report
    # A config that excluded the apps would pass with nothing checked.
    checked = re.search(r"no issues found in (\d+) source files", report)
    assert checked and int(checked[1]) >= len(project_modules()), report


def test_the_type_check_reports_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report, status = mypy("-c", "from core.paging import asked_page\nasked_page(1) + 'x'")
    assert status == 1
    assert 'Unsupported operand types for + ("int" and "str")' in report
