"""Automated accessibility checks with axe-core (vendored in tests/e2e/vendor/axe-core).

axe finds only part of what matters (roughly a third of WCAG issues); the keyboard tests in
test_member_home.py cover some of the rest. Any "serious" or "critical" finding fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .helpers import expect_help_panel_open, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core on the page as it is now and return its violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        "async () => { const r = await axe.run(document);"
        " return {violations: r.violations, passes: r.passes.length}; }"
    )
    assert results["passes"] > 0, "axe-core ran no checks: was the page empty?"
    return results["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def assert_no_serious_violations(page: Page) -> None:
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    others = [v for v in violations if v["impact"] not in BLOCKING]
    if others:  # not failures; shown with `pytest -rP` and on failure
        print(f"axe-core, minor or moderate, on {page.url}:\n{describe(others)}")
    assert not blocking, f"axe-core found problems on {page.url}:\n{describe(blocking)}"


def test_the_sign_in_page_has_no_serious_accessibility_problems(page: Page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    assert_no_serious_violations(page)


def test_the_sign_in_page_with_an_error_has_no_serious_accessibility_problems(
    page: Page, live_server, member
):
    sign_in(page, live_server, member.email, "not-the-password")
    expect(page.get_by_text("That email and password don't match an account")).to_be_visible()

    assert_no_serious_violations(page)


def test_the_member_home_has_no_serious_accessibility_problems(page: Page, live_server, member):
    sign_in(page, live_server, member.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi, Alex")

    assert_no_serious_violations(page)


def test_the_member_home_on_a_phone_with_the_help_panel_open_has_no_serious_accessibility_problems(
    phone_page: Page, live_server, member
):
    page = phone_page
    sign_in(page, live_server, member.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi, Alex")
    assert_no_serious_violations(page)

    page.get_by_role("main").get_by_role("button", name="Get help now").tap()
    expect_help_panel_open(page)

    assert_no_serious_violations(page)


def test_the_public_help_page_has_no_serious_accessibility_problems(page: Page, live_server):
    page.goto(f"{live_server.url}/help/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get help now")

    assert_no_serious_violations(page)
