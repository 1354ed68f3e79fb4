"""The check-in and the use flow by keyboard alone, and as a screen reader reads them.

Tab moves from question to question, the arrow keys move within one, Space chooses: the way
every native radio group works. What matters is what that means here: the answer a keyboard
lands on first is never the one that reports a use, and focus is plain to see everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from checkins.models import CheckIn, UseKind, UseReport
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations
from tests.e2e.test_checkin_flow import (
    CRAVING_QUESTION,
    MEDICATION_QUESTION,
    SUPPORT_QUESTION,
    USED_QUESTION,
    question,
)

pytestmark = pytest.mark.django_db(transaction=True)

SELF_HARM_START = "Over the last two weeks, have you had thoughts"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture(params=["desktop", "phone"])
def any_page(request, browser: Browser, browser_context_args: dict) -> Iterator[Page]:
    """A page on a desktop, then on a phone (a phone can have a keyboard too)."""
    context = browser.new_context(
        **{**browser_context_args, **(DESKTOP if request.param == "desktop" else PHONE)}
    )
    yield context.new_page()
    context.close()


def tab_to(page: Page, target: Locator, *, limit: int = 60) -> None:
    """Press Tab until `target` has focus (as a keyboard user would), failing past `limit`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def focused(page: Page) -> Locator:
    return page.locator("*:focus")


def expect_ring(page: Page, radio: Locator) -> None:
    """The big button a focused radio is shown as carries a solid ring of 3px or more."""
    ring = radio.evaluate(
        """el => { const s = getComputedStyle(document.querySelector(`label[for="${el.id}"]`));
                   return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
    )
    assert ring[0] == "solid" and ring[1] >= 3, f"focus is not clearly visible: {ring}"


def answer_by_keys(page: Page, legend: str, steps: int) -> None:
    """Tab into a question (focus lands on its first answer, none chosen), then choose."""
    group = question(page, legend)
    first = group.get_by_role("radio").first
    page.keyboard.press("Tab")
    expect(first).to_be_focused()
    expect(group.get_by_role("radio", checked=True)).to_have_count(0)
    expect_ring(page, first)
    if steps == 0:
        page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowRight")  # moves to the next answer and chooses it
    chosen = group.get_by_role("radio").nth(steps)
    expect(chosen).to_be_focused()
    expect(chosen).to_be_checked()
    expect_ring(page, chosen)  # still plain on a chosen (filled) button
    expect(group.get_by_role("radio", checked=True)).to_have_count(1)


def fill_checkin_by_keys(page: Page, *, used: bool) -> None:
    tab_to(page, question(page, "Hungry").get_by_role("radio").first)
    page.keyboard.press("Space")  # "None"
    expect(question(page, "Hungry").get_by_role("radio", name="None")).to_be_checked()
    answer_by_keys(page, "Angry", 1)  # A little
    answer_by_keys(page, "Lonely", 2)  # Quite
    answer_by_keys(page, "Tired", 3)  # Very
    answer_by_keys(page, CRAVING_QUESTION, 4)
    answer_by_keys(page, "Mood", 3)  # Good
    page.keyboard.press("Tab")
    expect(page.get_by_label("Hours slept last night")).to_be_focused()
    page.keyboard.type("7.5")
    answer_by_keys(page, MEDICATION_QUESTION, 0)  # Yes
    answer_by_keys(page, SUPPORT_QUESTION, 0)  # Yes
    # Space on the first answer is "No": a use is reported only by choosing "Yes".
    answer_by_keys(page, USED_QUESTION, 1 if used else 0)
    # Optional, and it starts on "I'd rather not answer": Tab lands there, and leaves it.
    self_harm = page.get_by_role("group", name=re.compile(f"^{SELF_HARM_START}"))
    page.keyboard.press("Tab")
    expect(self_harm.get_by_role("radio", name="I'd rather not answer")).to_be_focused()
    expect(self_harm.get_by_role("radio", checked=True)).to_have_count(1)
    page.keyboard.press("Tab")
    expect(page.get_by_label("A private note (optional; only you see it)")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save check-in")).to_be_focused()
    page.keyboard.press("Enter")


def test_the_checkin_questions_read_as_radio_groups_with_no_first_yes_to_using(
    any_page: Page, live_server, member
):
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's check-in")

    # As a screen reader reads it: a group named by its question, radios named by answers.
    expect(question(page, USED_QUESTION)).to_match_aria_snapshot(
        f'- group "{USED_QUESTION}":\n  - radio "No"\n  - radio "Yes"'
    )
    expect(question(page, "Hungry")).to_match_aria_snapshot(
        '- group "Hungry":\n  - radio "None"\n  - radio "A little"\n'
        '  - radio "Quite"\n  - radio "Very"'
    )
    self_harm = page.get_by_role("group", name=re.compile(f"^{SELF_HARM_START}"))
    for n, name in enumerate(["Yes", "No", "I'd rather not answer"]):
        expect(self_harm.get_by_role("radio").nth(n)).to_have_accessible_name(name)
    # Only "I'd rather not answer" starts chosen, and the page says how the keys work.
    chosen = page.get_by_role("main").get_by_role("radio", checked=True)
    expect(chosen).to_have_count(1)
    expect(chosen).to_have_accessible_name("I'd rather not answer")
    expect(page.get_by_role("main")).to_contain_text(
        "the arrow keys move between a question's answers, and Space chooses one"
    )
    assert_no_serious_violations(page)


def test_a_member_checks_in_by_keyboard_alone_and_space_never_reports_a_use(
    any_page: Page, live_server, member
):
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkin/")

    fill_checkin_by_keys(page, used=False)

    expect(page).to_have_url(f"{live_server.url}/checkin/response/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thanks for checking in")
    saved = CheckIn.objects.get(member=member)
    assert (saved.hungry, saved.angry, saved.lonely, saved.tired) == (0, 1, 2, 3)
    assert (saved.craving, saved.mood, str(saved.sleep_hours)) == (4, 4, "7.5")
    assert (saved.support_contact, saved.used_today, saved.self_harm) == (True, False, None)
    assert not UseReport.objects.exists()
    assert_no_serious_violations(page)


def test_a_member_reports_a_use_and_writes_it_down_by_keyboard_alone(
    any_page: Page, live_server, member
):
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkin/")

    fill_checkin_by_keys(page, used=True)

    expect(page).to_have_url(f"{live_server.url}/checkin/now/")
    expect(page.get_by_role("heading", level=1)).to_have_text("First, your safety")
    main = page.get_by_role("main")
    expect(main.get_by_role("alert").get_by_role("heading")).to_have_text(
        "Overdose risk is higher right now"
    )
    assert_no_serious_violations(page)
    write_down = main.get_by_role("link", name="Write down what happened")
    tab_to(page, write_down)
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/checkin/now/record/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What happened")
    lapse = page.get_by_role("radio", name="A lapse (a single use)")
    relapse = page.get_by_role("radio", name=re.compile(r"^A relapse"))
    tab_to(page, lapse)
    expect(lapse).not_to_be_checked()
    page.keyboard.press("ArrowDown")  # arrows choose...
    expect(relapse).to_be_checked()
    expect(focused(page)).to_have_accessible_name(re.compile(r"^A relapse"))
    page.keyboard.press("ArrowUp")  # ...and choose again
    expect(lapse).to_be_checked()
    expect(relapse).not_to_be_checked()
    tab_to(page, page.get_by_role("button", name="Save", exact=True))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/checkin/now/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You took the hard step")
    report = UseReport.objects.get(member=member)
    assert report.kind == UseKind.LAPSE
    assert CheckIn.objects.get(member=member).used_today
    assert_no_serious_violations(page)
