"""Automated accessibility checks with axe-core (vendored in tests/e2e/vendor/axe-core).

axe finds only part of what matters (roughly a third of WCAG issues); the keyboard tests in
test_member_home.py and test_checkin_keyboard.py cover some of the rest. Any "serious" or
"critical" finding fails. test_every_page.py runs the same check on every page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from alerts.models import Alert
from tests.e2e.helpers import expect_help_panel_open, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core on the page as it is now and return its violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Through the DevTools protocol: the page's CSP rightly refuses an inline <script>.
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;true")
    # target-size (WCAG 2.2 AA, 2.5.8) is off in axe by default: on here, so every check
    # also asks for targets of at least 24 by 24 px (or enough space around them).
    results = page.evaluate(
        "async () => { const r = await axe.run(document, {rules: {'target-size': {enabled: true}}});"
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


# --- The counselor's alert inbox and caseload --------------------------------------------------


def test_the_alert_inbox_and_caseload_have_no_serious_accessibility_problems(
    page: Page, live_server, member, counselor
):
    # One alert of each stage, so every stage badge is checked (contrast, name).
    for stage in ("physical", "mental", "emotional"):
        Alert.objects.create(
            member=member, stage=stage, signals=[{"code": "x", "explanation": "A signal."}]
        )
    sign_in(page, live_server, counselor.email)
    page.goto(f"{live_server.url}/alerts/")
    for name in ("Physical stage", "Mental stage", "Emotional stage"):
        expect(page.locator(".badge", has_text=name)).to_be_visible()
    assert_no_serious_violations(page)

    page.goto(f"{live_server.url}/counselor/")
    expect(page.get_by_role("link", name="Physical stage")).to_be_visible()
    assert_no_serious_violations(page)


# --- Check-in reminders and "I'm struggling right now" ---------------------------------------


def test_the_reminders_page_has_no_serious_accessibility_problems(page: Page, live_server, member):
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkin/reminders/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-in reminders")
    expect(page.get_by_role("button", name="Add reminder")).to_be_visible()

    assert_no_serious_violations(page)


def test_the_reminders_page_with_form_errors_has_no_serious_accessibility_problems(
    page: Page, live_server, member
):
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkin/reminders/")
    add = page.get_by_role("region", name="Add a reminder")
    # No time, and no way to be reminded: two fields in error at once.
    add.get_by_role("checkbox", name="Email", exact=True).uncheck()
    add.get_by_role("checkbox", name="In Waypoint").uncheck()
    add.get_by_role("button", name="Add reminder").click()

    expect(page.get_by_role("main").get_by_role("alert")).to_contain_text("Nothing was saved yet.")
    expect(add.get_by_label("Time")).to_have_accessible_description(
        "Choose a time for this reminder."
    )
    expect(add.get_by_role("group", name="How to remind you")).to_contain_text(
        "Choose at least one way to be reminded."
    )

    assert_no_serious_violations(page)


@pytest.fixture
def member_with_plan_and_people(member, settings):
    """The member with the demo plan and two contacts who agreed to hear from Waypoint."""
    import copy

    from contacts.models import SupportContact
    from plans.demo import ALEX_PLAN
    from plans.versions import write_plan

    settings.WAYPOINT_SMS_BACKEND = "messaging.transports.ConsoleSmsBackend"
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    for name, how in (("Jo", {"phone": "+12025550143"}), ("Max", {"email": "max@example.org"})):
        SupportContact.objects.create(
            member=member, name=name, relationship="friend", may_be_told=True, **how
        )
    return member


def test_the_struggling_screens_on_a_phone_have_no_serious_accessibility_problems(
    phone_page: Page, live_server, member_with_plan_and_people, counselor
):
    page = phone_page
    sign_in(page, live_server, member_with_plan_and_people.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi, Alex")
    page.goto(f"{live_server.url}/help/")
    page.get_by_role("main").get_by_role("button", name="I'm struggling right now").tap()

    expect(page).to_have_url(f"{live_server.url}/help/struggling/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You reached out")
    expect(page.get_by_role("main").get_by_role("checkbox")).to_have_count(2)
    assert_no_serious_violations(page)

    page.get_by_role("button", name="Send these messages").tap()
    expect(page).to_have_url(f"{live_server.url}/help/struggling/steps/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What your plan says to do")
    expect(page.get_by_role("main").get_by_role("status")).to_be_visible()
    assert_no_serious_violations(page)
