"""The member's own words for texts, by keyboard alone: reached from the reminders page,
a word that would mean something else refused with the reason, then saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations
from tests.e2e.test_reminders_and_struggling import tab_and_press, tab_to
from tests.factories import UserFactory
from texting.models import TextSettings

pytestmark = pytest.mark.django_db(transaction=True)


def test_choosing_the_two_words_by_keyboard(page: Page, live_server, settings):
    # Texts come in at this program (the words form shows only where a text would reach
    # someone as this member's: messaging.numbers).
    settings.WAYPOINT_SMS_WEBHOOK_SECRET = "a-secret-for-the-gateway"
    member = UserFactory(display_name="Alex", role=Role.MEMBER, phone="+12025550177")
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkin/reminders/")
    tab_and_press(page, page.get_by_role("link", name="Check in by text"), "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check in by text")
    assert_no_serious_violations(page)

    struggling = page.get_by_label("Your word for “I'm struggling”")
    tab_to(page, struggling)
    page.keyboard.type("tired")  # an answer to a check-in question: refused
    tab_to(page, page.get_by_label("Your word for “I used”"))
    page.keyboard.type("anchor")
    tab_and_press(page, page.get_by_role("button", name="Save my words"), "Enter")
    summary = page.get_by_role("alert").filter(has_text="already means something in a text")
    expect(summary).to_be_visible()
    assert not TextSettings.objects.exists()
    assert_no_serious_violations(page)

    # The summary's link takes the keyboard to the word to change.
    tab_and_press(page, summary.get_by_role("link"), "Enter")
    struggling = page.get_by_label("Your word for “I'm struggling”")
    expect(struggling).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("harbor")
    tab_and_press(page, page.get_by_role("button", name="Save my words"), "Enter")
    expect(page.get_by_text("Saved your words for texts.")).to_be_visible()
    chosen = TextSettings.objects.get(member=member)
    assert (chosen.struggling_word, chosen.used_word) == ("harbor", "anchor")
