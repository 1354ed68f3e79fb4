"""The Brief Addiction Monitor on a phone, in a real browser: one question per screen, by
tapping, with Back and a stop in the middle, then the result explained; and the counselor's
table of a client's results fitting a phone in both languages."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from measures import bam
from measures.models import BamResult
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations
from tests.measures.helpers import DRUGS, DRUGS_SCORES, HARD, STEADY, record_result

pytestmark = pytest.mark.django_db(transaction=True)

ABOUT_THREE_MINUTES = 180.0


def _question(page: Page):
    return page.locator("fieldset.bam-question")


def _answer_on_screen(page: Page, response: str) -> None:
    group = _question(page)
    group.get_by_text(response, exact=True).tap()
    expect(group.get_by_role("radio", name=response, exact=True)).to_be_checked()
    page.get_by_role("button", name=re.compile("^(Next|Finish)$")).tap()


def test_a_member_answers_the_bam_on_a_phone_and_sees_the_result(
    phone_page: Page, live_server, member: User, plan, screenshot
):
    page = phone_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("link", name="Start my first check-up").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery check-up")
    started = time.monotonic()
    page.get_by_role("button", name="Start").tap()

    asked = bam.asked(DRUGS)
    for position, key in enumerate(asked):
        item = bam.BY_KEY[key]
        expect(page.get_by_text(f"Question {item.number} of 17", exact=True)).to_be_visible()
        expect(_question(page)).to_contain_text(str(item.text))
        if key == "3":
            # Stop for now, come back: the same question, nothing lost; then Back once.
            page.get_by_role("link", name="Stop for now").tap()
            page.goto(f"{live_server.url}/check-up/")
            page.get_by_role("button", name="Continue at question 3 of 17").tap()
            expect(_question(page)).to_contain_text(str(item.text))
            page.get_by_role("button", name="Back").tap()
            previous = bam.BY_KEY[asked[position - 1]]
            expect(_question(page)).to_contain_text(str(previous.text))
            chosen = str(previous.responses[DRUGS[previous.key]])
            expect(page.get_by_role("radio", name=chosen, exact=True)).to_be_checked()
            page.get_by_role("button", name="Next").tap()
        if key == "1":
            screenshot(page, "bam-question-phone")
            # Keyboard: Tab reaches the group, the arrows choose; a visible focus ring.
            radios = _question(page).get_by_role("radio")
            radios.first.focus()
            page.keyboard.press("ArrowDown")
            expect(radios.nth(1)).to_be_checked()
            assert_no_serious_violations(page)
        _answer_on_screen(page, str(item.responses[DRUGS[key]]))

    expect(page.get_by_role("heading", level=1)).to_have_text("My check-up results")
    assert time.monotonic() - started < ABOUT_THREE_MINUTES
    result = BamResult.objects.get(member=member)
    assert result.scores == DRUGS_SCORES
    # Use above 0: the crisis lines and "I used" come before the scores.
    expect(page.locator("#bam-safety")).to_be_visible()
    expect(page.get_by_role("button", name="I used. Help me now.").first).to_be_visible()
    expect(page.get_by_text("Things that support your recovery: 14 of 24")).to_be_visible()
    expect(page.get_by_text("Some use in the past 30 days.", exact=False)).to_be_visible()
    assert "/check-up/" in page.url and "7a" not in page.url
    assert_no_serious_violations(page)
    screenshot(page, "bam-result-phone")


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_client_pages_bam_table_fits_a_phone_without_scrolling_sideways(
    browser: Browser, browser_context_args: dict, live_server, member, counselor, language, width
):
    record_result(member, STEADY, days_ago=14)
    record_result(member, HARD, days_ago=7)  # every subscale past its cut-off, with its change
    record_result(member, HARD)  # and again
    viewport = {"width": width, "height": PHONE["viewport"]["height"]}
    context = browser.new_context(**{**browser_context_args, **PHONE, "viewport": viewport})
    page = context.new_page()
    sign_in(page, live_server, counselor.email)  # in English (the helper reads English words)
    User.objects.filter(pk=counselor.pk).update(language=language)
    page.goto(f"{live_server.url}/counselor/clients/{member.pk}/")

    badge = {"en": "past cut-off", "es": "pasa el punto de corte"}[language]
    table = page.locator("#bam-panel-title ~ .table-responsive")
    expect(table.get_by_text(badge)).to_have_count(6)
    # Spanish's one-line "pasa el punto de corte" made it 427 px wide in its 366 px box.
    assert table.evaluate("el => el.scrollWidth <= el.clientWidth"), table.evaluate(
        "el => [el.scrollWidth, el.clientWidth]"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
