"""Signing in and getting help, in a real browser (Chromium via Playwright)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.helpers import CRISIS_LINKS, expect_help_panel_open, open_sign_in, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

WRONG_LOGIN = "That email and password don't match an account"


def test_a_member_on_a_phone_signs_in_and_opens_the_crisis_lines_with_one_tap(
    phone_page: Page, live_server, member, screenshot
):
    page = phone_page
    open_sign_in(page, live_server)
    page.get_by_label("Email address").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").tap()

    expect(page).to_have_url(f"{live_server.url}/today/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi, Alex")
    get_help = page.get_by_role("main").get_by_role("button", name="Get help now")
    expect(get_help).to_be_visible()
    screenshot(page, "member-home-phone")

    get_help.tap()

    expect_help_panel_open(page)
    expect(page).to_have_url(f"{live_server.url}/today/")  # a panel, not a page load
    screenshot(page, "member-help-panel-phone")


def focus_is_on(locator: Locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def leave_the_page_backwards(page: Page) -> None:
    """Shift+Tab until the focus leaves the page (to the browser's toolbar, in a real window)."""
    for _ in range(15):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement === document.body"):
            return
    pytest.fail("Shift+Tab never moved the focus off the page's controls")


def test_a_member_can_sign_in_with_the_keyboard_alone(page: Page, live_server, member):
    open_sign_in(page, live_server)
    # The email field takes focus on arrival, so typing can start right away.
    email = page.get_by_label("Email address")
    expect(email).to_be_focused()

    # Coming back into the page from the top, the skip link is the first stop.
    leave_the_page_backwards(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    for _ in range(10):  # Tab on through the header to the form
        page.keyboard.press("Tab")
        if focus_is_on(email):
            break
    expect(email).to_be_focused()
    page.keyboard.type(member.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/today/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi, Alex")


def test_the_skip_link_appears_when_focused_and_jumps_to_the_main_content(page: Page, live_server):
    open_sign_in(page, live_server)
    skip = page.get_by_role("link", name="Skip to main content")
    hidden = skip.bounding_box()
    assert hidden and hidden["width"] <= 1, "the skip link should be visually hidden until focused"

    leave_the_page_backwards(page)
    page.keyboard.press("Tab")

    expect(skip).to_be_focused()
    shown = skip.bounding_box()
    assert shown and shown["width"] > 40 and shown["height"] >= 24, f"skip link too small: {shown}"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    expect(page).to_have_url(re.compile(r"/accounts/login/#main$"))


def test_a_wrong_password_shows_an_error_and_stays_on_the_sign_in_page(
    page: Page, live_server, member
):
    sign_in(page, live_server, member.email, "not-the-password")

    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_text(WRONG_LOGIN)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_label("Email address")).to_have_value(member.email)


def test_a_counselor_lands_on_their_caseload_without_a_get_help_button(
    page: Page, live_server, counselor
):
    sign_in(page, live_server, counselor.email)

    expect(page).to_have_url(f"{live_server.url}/counselor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    expect(page.get_by_role("row", name=re.compile("Alex"))).to_be_visible()
    expect(page.get_by_text("Get help now")).to_have_count(0)


def test_anyone_can_reach_the_crisis_lines_without_signing_in(page: Page, live_server):
    page.goto(f"{live_server.url}/help/")

    expect(page).to_have_url(f"{live_server.url}/help/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Get help now")
    for href in CRISIS_LINKS:
        expect(main.locator(f'a[href="{href}"]')).to_be_visible()
