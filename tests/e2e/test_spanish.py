"""Waypoint in Spanish in a real browser: a phone set to Spanish signs in, checks the crisis
lines, and a member's own choice of language follows them (Chromium via Playwright)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from tests.e2e.conftest import PHONE, watch_csp
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def spanish_phone(
    browser: Browser, browser_context_args: dict, csp_violations: list[str]
) -> Iterator[Page]:
    """A phone whose browser asks for Mexican Spanish (its Accept-Language)."""
    context = browser.new_context(**{**browser_context_args, **PHONE, "locale": "es-MX"})
    watch_csp(context, csp_violations)
    page = context.new_page()
    yield page
    context.close()


def test_a_spanish_phone_signs_in_and_reaches_the_crisis_lines_in_spanish(
    spanish_phone: Page, live_server, member, screenshot
):
    page = spanish_phone
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_label("Correo electrónico").fill(member.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").tap()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hola, Alex")
    page.get_by_role("main").get_by_role("button", name="Pedir ayuda ahora").tap()
    panel = page.get_by_role("dialog")
    expect(panel.get_by_text("Emergencia o sobredosis")).to_be_visible()
    expect(panel.get_by_text("En español: llama y marca 2, o envía AYUDA al 988.")).to_be_visible()
    screenshot(page, "spanish-help-panel-phone")
    # Their first sign-in kept the browser's language for their emails and texts.
    assert User.objects.get(pk=member.pk).language == "es"


def test_a_member_switches_language_from_the_footer_with_the_keyboard(
    page: Page, live_server, member
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi, Alex")

    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change language").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Hola, Alex")
    expect(page).to_have_url(f"{live_server.url}/today/")  # back where they were
    assert User.objects.get(pk=member.pk).language == "es"
    # Signed out, the device keeps Spanish (the cookie), and the footer offers English.
    page.goto(f"{live_server.url}/help/")
    expect(page.locator("html")).to_have_attribute("lang", "es")


def test_before_sign_in_the_footer_link_switches_to_spanish(page: Page, live_server):
    page.goto(f"{live_server.url}/help/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page).to_have_url(f"{live_server.url}/help/")
    expect(page.get_by_text("Emergencia o sobredosis").first).to_be_visible()
