"""The header in English and Spanish, on a phone and on laptop widths: the page never scrolls
sideways, the red help button is whole on the screen, and on a phone the header is one line
(Spanish words are longer: "Pedir ayuda ahora", "Quién vio mi expediente").

(Every page's width at 320 px in English: test_every_page.py.)
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from contacts.models import SupportContact
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# The phone and laptops the tester used, and the widths either side of the menu opening out.
WIDTHS = (320, 390, 1200, 1280, 1366, 1399, 1400, 1440)
HELP = {"en": "Get help now", "es": "Pedir ayuda ahora"}


def _problems(page: Page, width: int, language: str, with_help: bool) -> list[str]:
    """What does not fit at this width (every width is measured, so one run says them all)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.reload()
    where = f"{language} at {width} px"
    found = []
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        found.append(f"{where}: the page scrolls sideways by {scroll - width} px")
    header = page.get_by_role("banner").bounding_box()
    assert header is not None
    if header["height"] > 80:  # one line of links (or the menu button), not two
        found.append(f"{where}: the header is {header['height']} px high")
    if not with_help:  # the help button is a member's (counselors reach help_now by URL)
        return found
    button = page.get_by_role("banner").get_by_role("button", name=HELP[language])
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box is not None
    if box["x"] < 0 or box["x"] + box["width"] > width:
        found.append(f"{where}: the help button is cut off ({box})")
    return found


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("persona", ["member", "counselor"])
def test_the_header_fits_every_width_in_every_language(
    browser: Browser, browser_context_args: dict, live_server, request, persona, language
):
    person: User = request.getfixturevalue(persona)
    with_help = persona == "member"
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    sign_in(page, live_server, person.email)  # in English (the helper reads English words)
    User.objects.filter(pk=person.pk).update(language=language)
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", language)
    problems = [p for width in WIDTHS for p in _problems(page, width, language, with_help)]
    context.close()
    assert problems == [], "\n".join(problems)


def test_in_spanish_call_and_text_stay_side_by_side_in_the_help_panel(
    browser: Browser, browser_context_args: dict, live_server, member
):
    SupportContact.objects.create(
        member=member, name="Marcus", relationship="sponsor", phone="+12025550143"
    )
    User.objects.filter(pk=member.pk).update(language="es")
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 390, "height": 844}}
    )
    page = context.new_page()
    sign_in(page, live_server, member.email)
    page.get_by_role("banner").get_by_role("button", name=HELP["es"]).click()
    panel = page.get_by_role("dialog")
    expect(panel.get_by_text("(Padrino/madrina)")).to_be_visible()
    call = panel.get_by_role("link", name="Llamar a Marcus").bounding_box()
    text = panel.get_by_role("link", name="Enviar mensaje a Marcus").bounding_box()
    assert call is not None and text is not None
    assert call["y"] == text["y"] and call["height"] == text["height"], (call, text)
    context.close()


def _ring(page: Page) -> list:
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"""
    )


@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("persona", ["member", "counselor"])
def test_every_header_control_shows_a_yellow_ring_when_tabbed_to(
    browser: Browser, browser_context_args: dict, live_server, request, persona, width
):
    person: User = request.getfixturevalue(persona)
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": width, "height": 900}}
    )
    page = context.new_page()
    sign_in(page, live_server, person.email)
    banner = page.get_by_role("banner")
    controls = banner.locator("a:visible, button:visible")
    assert controls.count() >= 2  # the brand and the menu button, or the links
    rings = []
    for i in range(controls.count()):
        controls.nth(i).focus()
        page.keyboard.press("Shift+Tab")  # focus by keyboard, so :focus-visible applies
        page.keyboard.press("Tab")
        rings.append((controls.nth(i).inner_text(), _ring(page)))
    context.close()
    # 3px of yellow (#ffbf47) on the dark bar, for every control (the menu button too).
    assert all(r[:2] == ["solid", 3.0] and r[2] == "rgb(255, 191, 71)" for _, r in rings), rings
