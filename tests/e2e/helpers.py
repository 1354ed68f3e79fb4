"""Page helpers shared by the real-browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from accounts.models import User
from accounts.second_factor import requires_second_factor
from tests.factories import PASSWORD, current_code, enrolled_device

CRISIS_LINKS = ("tel:911", "tel:988", "sms:988", "tel:18006624357")


def open_sign_in(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def sign_in(page: Page, live_server, email: str, password: str = PASSWORD) -> None:
    """Sign in as a person would; staff (who must have a second factor) also type the code
    their app shows, from an app set up for them beforehand if they had none."""
    person = User.objects.filter(email__iexact=email).first()
    device = enrolled_device(person) if person and requires_second_factor(person) else None
    open_sign_in(page, live_server)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    # A form post always loads a page (the next one, or this one with a message): wait for it,
    # so that a test's next reload or goto does not cut into the navigation still under way.
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if device is not None and password == PASSWORD:
        give_code(page, current_code(device))


def give_code(page: Page, code: str) -> None:
    """The second sign-in step: the code from the app, or a recovery code."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Your sign-in code")
    page.get_by_label("Code").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


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
