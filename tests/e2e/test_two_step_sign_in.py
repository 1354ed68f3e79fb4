"""Two-step sign-in in a real browser: a counselor sets up an authenticator app at their
first sign-in, keeps the recovery codes, then signs in with a code and with a recovery
code; an idle staff page warns before the session ends."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.e2e.helpers import give_code, open_sign_in, sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations
from tests.factories import PASSWORD, current_code

pytestmark = pytest.mark.django_db(transaction=True)


def password_step(page: Page, live_server, email: str) -> None:
    open_sign_in(page, live_server)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_a_counselor_sets_up_two_step_sign_in_and_signs_in_with_it(
    page: Page, live_server, counselor, screenshot
):
    password_step(page, live_server, counselor.email)

    # The first sign-in leads to setting up an app; nothing else opens before it is done.
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    expect(page.locator(".wp-qr svg")).to_be_visible()
    key = page.locator("#setup-key").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", key)
    page.goto(f"{live_server.url}/counselor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    screenshot(page, "two-step-setup")
    assert_no_serious_violations(page)

    device = TOTPDevice.objects.get(user=counselor, confirmed=False)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_text("That code didn't match")).to_be_visible()
    page.wait_for_timeout(1100)  # the app's throttle: a second after a wrong code
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Turn on two-step sign-in").click()

    expect(page.get_by_text("Two-step sign-in is on.")).to_be_visible()
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    assert_no_serious_violations(page)
    recovery = codes.first.inner_text()
    page.get_by_role("link", name="I've saved my codes, continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")

    # Next time: password, then the app's code, straight to where they were going.
    sign_out(page)
    password_step(page, live_server, counselor.email)
    give_code(page, current_code(device))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")

    # Without the phone: a recovery code, once.
    sign_out(page)
    password_step(page, live_server, counselor.email)
    give_code(page, recovery)
    expect(page.get_by_text("You used a recovery code; 9 are left.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    sign_out(page)
    password_step(page, live_server, counselor.email)
    give_code(page, recovery)
    expect(page.get_by_text("That code didn't work.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your sign-in code")
    assert_no_serious_violations(page)


def test_an_idle_staff_page_warns_and_the_keyboard_keeps_the_session(
    page: Page, live_server, counselor
):
    sign_in(page, live_server, counselor.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    warning = page.get_by_role("alertdialog", name="Still there?")
    expect(warning).to_be_hidden()
    # Skip ahead to two minutes before the end (the page's own clock, not the server's).
    page.clock.install()
    page.reload()
    page.clock.run_for("28:01")
    expect(warning).to_be_visible()
    button = warning.get_by_role("button", name="Stay signed in")
    expect(button).to_be_focused()
    assert_no_serious_violations(page)
    page.keyboard.press("Enter")
    expect(warning).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
