"""Pages work under the strict Content-Security-Policy, in a real browser.

Every browser test fails on a CSP refusal (tests/e2e/conftest.py); these check the pieces
that need script (Bootstrap's menu, the print button), and that a refusal is caught.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from plans.demo import ALEX_PLAN
from plans.versions import write_plan
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_phone_menu_opens_under_the_policy(phone_page: Page, live_server, member):
    page = phone_page
    response = page.goto(f"{live_server.url}/accounts/login/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    sign_in(page, live_server, member.email)
    expect(page).to_have_url(f"{live_server.url}/today/")
    menu = page.locator("#nav-links")
    expect(menu).to_be_hidden()
    page.get_by_role("button", name="Menu").tap()
    expect(menu).to_have_class(re.compile(r"(^|\s)show(\s|$)"))  # Bootstrap's collapse ran
    expect(menu.get_by_role("link", name="Account")).to_be_visible()


def test_the_printed_plan_prints_from_its_button(page: Page, live_server, member):
    write_plan(member, ALEX_PLAN, author=member, finished=[])
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/plan/print/")
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    page.get_by_role("button", name="Print").click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")


def test_an_inline_style_is_refused_and_the_watch_sees_it(
    page: Page, live_server, csp_violations: list[str]
):
    page.goto(f"{live_server.url}/help/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    page.wait_for_timeout(200)
    assert any("style" in v for v in csp_violations), csp_violations
    csp_violations.clear()  # the refusal was the point of this test
