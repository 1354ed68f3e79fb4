"""The caseload in a real browser: after Back, the filter boxes say what the list below them
shows (the browser would otherwise restore the choices made later); a column sorts from the
keyboard; the name search and the plan filter; the table on a phone."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from checkins.progress import local_date
from measures.models import BamResult
from plans.sections import SECTIONS
from plans.versions import write_plan
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations
from tests.factories import CareAssignmentFactory, CheckInFactory, ConsentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
ALL_DONE = [s.key for s in SECTIONS]


def test_back_after_filtering_shows_the_filters_the_list_was_drawn_with(
    page: Page, live_server, counselor
):
    sign_in(page, live_server, counselor.email)
    expect(page).to_have_url(f"{live_server.url}/counselor/")
    stage = page.get_by_label("Open alert")
    expect(stage).to_have_value("")

    stage.select_option(label="Physical stage")
    page.get_by_role("button", name="Show these").click()
    expect(page).to_have_url(re.compile(r"stage=physical"))
    expect(page.get_by_label("Open alert")).to_have_value("physical")

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/counselor/")
    expect(page.get_by_role("row", name=re.compile("Alex"))).to_be_visible()
    expect(page.get_by_label("Open alert")).to_have_value("")


def _caseload_of_three(member, counselor, other_member):
    """Alex (craving 3), Sam (craving 8) and Riley (plan awaiting review), all sharing."""
    CareAssignmentFactory(counselor=counselor, member=other_member)
    ConsentFactory(member=other_member, recipient=counselor)
    riley = UserFactory(display_name="Riley")
    CareAssignmentFactory(counselor=counselor, member=riley)
    ConsentFactory(member=riley, recipient=counselor)
    write_plan(riley, {"reasons": [{"text": "x"}]}, author=riley, finished=ALL_DONE)
    for person, craving in ((member, 3), (other_member, 8)):
        CheckInFactory(member=person, craving=craving, hungry=3, tired=2)
    _bam(member, use=2, risk=14, protective=9)  # each past its cut-off: the badges show


def _bam(member, *, use, risk, protective):
    now = timezone.now()
    BamResult.objects.create(
        member=member,
        version="BAM-2013",
        answers={},
        use=use,
        risk=risk,
        protective=protective,
        satisfaction=2,
        started_at=now,
        completed_at=now,
        local_date=local_date(member.timezone),
        next_due_on=local_date(member.timezone),
    )


def test_a_column_sorts_from_the_keyboard_and_says_how_it_is_sorted(
    page: Page, live_server, member, counselor, other_member
):
    _caseload_of_three(member, counselor, other_member)
    sign_in(page, live_server, counselor.email)
    expect(page).to_have_url(f"{live_server.url}/counselor/")

    sort = page.get_by_role("link", name="Craving and HALT, last 14 days")
    sort.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"sort=craving&dir=desc#caseload-list$"))
    header = page.get_by_role("columnheader", name=re.compile("Craving and HALT"))
    expect(header).to_have_attribute("aria-sort", "descending")
    names = page.get_by_role("rowheader")
    expect(names).to_have_text(["Sam", "Alex", "Riley"])  # Riley has no check-ins: last
    # The page opens at the list: the next Tab goes into it, not through the header again.
    page.keyboard.press("Tab")
    assert page.evaluate(
        "() => document.getElementById('caseload-list').contains(document.activeElement)"
    ), page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    # Enter again on the same header turns the order round.
    page.get_by_role("link", name=re.compile("Craving and HALT")).focus()
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(names).to_have_text(["Alex", "Sam", "Riley"])


def test_a_name_search_keeps_the_name_out_of_the_url_and_clears(
    page: Page, live_server, member, counselor, other_member
):
    _caseload_of_three(member, counselor, other_member)
    sign_in(page, live_server, counselor.email)
    page.get_by_label("Plan", exact=True).select_option(label="Waiting for your review")
    page.get_by_role("button", name="Show these").click()
    expect(page.get_by_role("rowheader")).to_have_text(["Riley"])
    page.goto(f"{live_server.url}/counselor/")

    search = page.get_by_label("Find a member by name")
    search.fill("sa")
    search.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Showing members whose name contains “sa”.")
    expect(page.get_by_role("rowheader")).to_have_text(["Sam"])
    assert "sa" not in page.url.split("/counselor/")[1].lower()
    page.get_by_role("button", name="Clear the search").click()
    expect(page.get_by_role("rowheader")).to_have_count(3)


def test_on_a_phone_each_client_is_a_card_and_the_sort_box_sorts(
    phone_page: Page, live_server, member, counselor, other_member
):
    _caseload_of_three(member, counselor, other_member)
    page = phone_page
    sign_in(page, live_server, counselor.email)

    region = page.get_by_role("region", name="Members on your care team")
    expect(region).to_be_visible()
    # Nothing scrolls sideways: neither the page nor the table's region.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    alex = page.get_by_role("row").filter(has=page.get_by_role("link", name="Alex"))
    # Each line names its column (the headers are not shown on a phone).
    label = alex.locator("td").first.evaluate("el => getComputedStyle(el, '::before').content")
    assert label == '"Open alert"'
    expect(alex).to_contain_text("past cut-off")
    # The filters fold away on a phone, so the list starts on the first screen.
    expect(page.get_by_label("Sort by")).to_be_hidden()
    assert region.evaluate("el => el.getBoundingClientRect().top") < 844

    page.get_by_text("Filter, sort and find").click()
    page.get_by_label("Sort by").select_option(label="Craving and HALT, last 14 days")
    page.get_by_label("Order").select_option(label="Descending")
    page.get_by_role("button", name="Show these").click()
    expect(page).to_have_url(re.compile(r"sort=craving&dir=desc"))
    expect(page.get_by_role("rowheader")).to_have_text(["Sam", "Alex", "Riley"])
    # While they change the list, they stay open: a sorted list is not read as the default.
    expect(page.get_by_label("Sort by")).to_have_value("craving")
    expect(page.get_by_label("Sort by")).to_be_visible()
    assert_no_serious_violations(page)


def test_on_a_phone_the_days_ago_sit_under_the_date_and_need_has_no_order_box(
    phone_page: Page, live_server, member, counselor, other_member
):
    _caseload_of_three(member, counselor, other_member)
    page = phone_page
    sign_in(page, live_server, counselor.email)

    expect(page.locator("#sparkline-legend")).to_be_visible()
    expect(page.locator("#sparkline-legend")).to_contain_text("craving, 0 to 10 (solid line)")
    alex = page.get_by_role("row").filter(has=page.get_by_role("link", name="Alex"))
    cell = alex.locator("td[data-label='Last check-in']")
    ago = cell.get_by_text("today")
    value = cell.locator(".cell-value")
    label_right = cell.evaluate(
        "el => el.getBoundingClientRect().left + parseFloat(getComputedStyle(el, '::before').width)"
    )
    # "today" (or "N days ago") starts where the date starts, right of the label, below it.
    ago_box, value_box = ago.bounding_box(), value.bounding_box()
    assert ago_box["x"] == pytest.approx(value_box["x"], abs=1)
    assert ago_box["x"] >= label_right - 1
    assert ago_box["y"] > value_box["y"]

    page.get_by_text("Filter, sort and find").click()
    order = page.get_by_label("Order")
    expect(page.get_by_label("Sort by")).to_have_value("need")
    expect(order).to_be_hidden()
    page.get_by_label("Sort by").select_option(label="Last check-in")
    expect(order).to_be_visible()
    page.get_by_label("Sort by").select_option(label="Need")
    expect(order).to_be_hidden()


def test_the_main_navigation_forgets_the_search_and_back_shows_its_banner(
    page: Page, live_server, member, counselor, other_member
):
    _caseload_of_three(member, counselor, other_member)
    sign_in(page, live_server, counselor.email)
    search = page.get_by_label("Find a member by name")
    search.fill("sa")
    search.press("Enter")
    banner = page.get_by_role("status").filter(has_text="Showing members whose name contains")
    expect(banner).to_contain_text("“sa”")
    expect(page.get_by_role("rowheader")).to_have_text(["Sam"])

    page.get_by_role("navigation").get_by_role("link", name="Caseload").click()

    expect(page).to_have_url(f"{live_server.url}/counselor/")
    expect(page.get_by_role("rowheader")).to_have_count(3)
    expect(banner).to_have_count(0)
    # Back: never the filtered list without its banner.
    page.go_back()
    rows = page.get_by_role("rowheader")
    expect(rows.first).to_be_visible()
    if rows.count() == 1:
        expect(banner).to_be_visible()
    else:
        expect(rows).to_have_count(3)
        expect(banner).to_have_count(0)


def test_show_everyone_after_a_search_that_finds_nobody_shows_everyone(
    page: Page, live_server, member, counselor, other_member
):
    _caseload_of_three(member, counselor, other_member)
    sign_in(page, live_server, counselor.email)
    search = page.get_by_label("Find a member by name")
    search.fill("zed")
    search.press("Enter")
    expect(page.get_by_text("Nobody on your care team matches these filters")).to_be_visible()

    page.get_by_role("link", name="Show everyone").click()

    expect(page.get_by_role("rowheader")).to_have_count(3)
    expect(page.get_by_role("status").filter(has_text="Showing members")).to_have_count(0)
    assert_no_serious_violations(page)


def test_next_page_opens_at_the_list_and_the_next_tab_goes_into_it(
    page: Page, live_server, counselor
):
    for n in range(26):  # with the `member` fixture's client: 27, two pages of 25
        CareAssignmentFactory(counselor=counselor, member=UserFactory(display_name=f"M {n:02d}"))
    sign_in(page, live_server, counselor.email)
    expect(page).to_have_url(f"{live_server.url}/counselor/")

    pages = page.get_by_role("navigation", name="Caseload pages")
    pages.get_by_role("link", name="Next page").focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"\?page=2#caseload-list$"))
    expect(page.get_by_role("rowheader")).to_have_count(2)
    region = page.get_by_role("region", name="Members on your care team")
    # Opened at the list, not at the top of the page (which puts the list below the filters).
    expect(region).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0
    page.keyboard.press("Tab")
    assert region.evaluate("el => el.contains(document.activeElement)"), page.evaluate(
        "() => document.activeElement.outerHTML.slice(0, 120)"
    )
