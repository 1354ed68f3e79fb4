"""Waypoint in Spanish in a real browser: a phone set to Spanish signs in, checks the crisis
lines, and a member's own choice of language follows them (Chromium via Playwright)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


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
    # Its Text button opens the phone's messages with AYUDA already written.
    expect(panel.get_by_role("link", name="Enviar mensaje al 988")).to_have_attribute(
        "href", "sms:988?&body=AYUDA"
    )
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


MEMBER_PAGES = [
    "/today/",
    "/checkin/",
    "/checkins/",
    "/checkin/now/",
    "/checkin/reminders/",
    "/plan/",
    "/plan/triggers/",
    "/plan/print/",
    "/help/",
    "/check-up/",
    "/care/",
    "/account/",
    "/account/sharing/",
    "/account/my-data/",
]
# Words a page may keep in any language: names, brands, acronyms, the demo data.
KEEP = re.compile(r"\b(Waypoint|Alex|HALT|BAM|FHIR|JSON|CSV|SMS|STOP|START|HELP|Narcan)\b")


def _sentences(text: str) -> set[str]:
    """Runs of four or more words: what would show if a sentence were left in English."""
    found = set()
    for line in text.splitlines():
        words = re.findall(r"[A-Za-z']+", KEEP.sub(" ", line))
        for n in range(len(words) - 3):
            found.add(" ".join(words[n : n + 4]).lower())
    return found


def _words_shown(page: Page) -> str:
    """The page's text without its time-zone list (its cities keep their IANA spelling)."""
    return page.evaluate(
        """() => { const copy = document.body.cloneNode(true);
        copy.querySelectorAll("select[name=timezone], datalist").forEach((el) => el.remove());
        document.documentElement.appendChild(copy);
        const text = copy.innerText; copy.remove(); return text; }"""
    )


def test_the_members_main_pages_are_in_spanish_with_no_english_left(
    spanish_phone: Page, page: Page, live_server, member
):
    english_member = member
    spanish_member = UserFactory(display_name="Alex Rivera", language="es")
    for browser_page, person in ((page, english_member), (spanish_phone, spanish_member)):
        browser_page.goto(f"{live_server.url}/accounts/login/")
        browser_page.locator("input[name=username]").fill(person.email)
        browser_page.locator("input[name=password]").fill(PASSWORD)
        browser_page.locator("input[name=password]").press("Enter")
        browser_page.wait_for_url(f"{live_server.url}/today/")
    for path in MEMBER_PAGES:
        page.goto(f"{live_server.url}{path}")
        spanish_phone.goto(f"{live_server.url}{path}")
        expect(spanish_phone.locator("html")).to_have_attribute("lang", "es")
        english = _sentences(_words_shown(page))
        spanish = _sentences(_words_shown(spanish_phone))
        assert english, path  # the English page really had sentences to compare
        left = sorted(english & spanish)
        assert not left, f"{path} still says in English: {left[:5]}"
