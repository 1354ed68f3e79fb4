"""Dependencies run one way: a lower layer never imports a higher one.

The order is the README's architecture section. Within the domain layer the apps have an
order of their own (a check-in response shows the member's contacts, so contacts sit below
check-ins; the drift list reads check-ins, so alumni sit above them). Project imports are
made at module level: an import tucked inside a function is how a cycle hides.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

LAYERS = [
    "core",
    "accounts",
    "messaging",
    "plans",
    "stepping_up",
    "contacts",
    "checkins",
    "measures",
    "reminders",
    "alumni",
    "alerts",
    "texting",
    "fhir_export",
    "home",
    "outcomes",
]
RANK = {app: i for i, app in enumerate(LAYERS)}


def project_modules() -> list[Path]:
    return sorted(
        p
        for app in LAYERS
        for p in (ROOT / app).rglob("*.py")
        if "migrations" not in p.relative_to(ROOT).parts
    )


def imported_apps(tree: ast.AST) -> list[tuple[int, str, bool]]:
    """(line, app, inside a function) for every import of a project app."""
    found: list[tuple[int, str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                names = [child.module]
            elif isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            else:
                names = []
            for name in names:
                app = name.split(".")[0]
                if app in RANK:
                    found.append((child.lineno, app, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


def test_every_app_is_in_a_layer() -> None:
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert apps == set(LAYERS)


@pytest.mark.parametrize("path", project_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_run_down_the_layers(path: Path) -> None:
    own = path.relative_to(ROOT).parts[0]
    tree = ast.parse(path.read_text(), filename=str(path))
    upward = [
        f"line {line}: {own} imports {app}"
        for line, app, _ in imported_apps(tree)
        if RANK[app] > RANK[own]
    ]
    hidden = [
        f"line {line}: import of {app} inside a function"
        for line, app, in_function in imported_apps(tree)
        # AppConfig.ready() may import its own app: that is Django's way, not a cycle.
        if in_function and path.name != "apps.py"
    ]
    assert not upward + hidden


def test_the_checker_sees_an_upward_import() -> None:
    tree = ast.parse("from home.views import home\ndef f():\n    import core.enqueue\n")
    assert imported_apps(tree) == [(1, "home", False), (3, "core", True)]
