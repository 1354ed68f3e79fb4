"""The program outcomes in a real browser at phone width, by keyboard: from the staff menu
to the page, nothing wider than the screen, then the CSV download."""

from __future__ import annotations

from itertools import pairwise

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations
from tests.e2e.test_every_page import MENU_ROWS, SIDEWAYS

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page: Page, target: Locator, *, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def test_a_counselor_reaches_the_outcomes_and_the_csv_by_keyboard(
    phone_page: Page, live_server, counselor
):
    page = phone_page
    sign_in(page, live_server, counselor.email)
    menu = page.get_by_role("button", name="Menu")
    tab_to(page, menu)
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name="Outcomes")
    expect(link).to_be_visible()
    tab_to(page, link)
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/program/outcomes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Program outcomes")
    expect(page.get_by_role("heading", name="Check-in adherence")).to_be_visible()
    # A table per figure, with its caption, and a chart with a text alternative.
    expect(page.get_by_role("table", name="Check-in adherence, by month")).to_be_attached()
    expect(page.get_by_role("img", name="Check-in adherence, by month")).to_be_visible()
    # One person is fewer than 11: the cell says so.
    expect(
        page.get_by_role("table", name="Members enrolled, by month").get_by_text("fewer than 11")
    ).to_be_visible()
    assert page.evaluate(SIDEWAYS) == []
    assert_no_serious_violations(page)
    # Every month is named under its chart's bars, and no two names touch at phone width.
    names = page.get_by_role("img", name="Check-in adherence, by month").locator(".axis-month")
    expect(names).to_have_count(12)
    boxes = [names.nth(i).bounding_box() for i in range(12)]
    for left, right in pairwise(boxes):
        assert left and right and left["x"] + left["width"] < right["x"], (left, right)
    assert all(box and box["height"] >= 9 for box in boxes), boxes

    csv_link = page.get_by_role("link", name="Download as CSV")
    tab_to(page, csv_link)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("waypoint-outcomes-")
    with open(download.value.path(), encoding="utf-8") as file:
        header = file.readline().strip()
    assert header.startswith("month,figure,label,unit,value,people,suppressed")


def test_at_desktop_width_the_menu_stays_on_one_line_and_axe_finds_nothing_serious(
    page: Page, live_server, counselor
):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, counselor.email)
    page.goto(f"{live_server.url}/program/outcomes/")
    menu = page.evaluate(MENU_ROWS)
    assert menu["level"] and not menu["tall"], menu
    assert_no_serious_violations(page)
