"""Page helpers shared by the real-browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

CRISIS_LINKS = ("tel:911", "tel:988", "sms:988", "tel:18006624357")


def open_sign_in(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def sign_in(page: Page, live_server, email: str, password: str = PASSWORD) -> None:
    open_sign_in(page, live_server)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def expect_help_panel_open(page: Page) -> None:
    """The "Get help now" offcanvas is open, fully slid in, and lists the crisis lines."""
    panel = page.locator("#help-panel")
    expect(panel).to_be_visible()
    expect(panel).to_have_attribute("role", "dialog")
    expect(panel.get_by_role("heading", name="Get help now")).to_be_visible()
    for href in CRISIS_LINKS:
        expect(panel.locator(f'a[href="{href}"]')).to_be_visible()
    # Bootstrap swaps ".showing" for ".show" once the slide-in transition ends.
    expect(panel).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
