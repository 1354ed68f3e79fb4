"""Charts people can read: the trend chart's axes and size, its table, the days of use it
agrees on with the rows and counters, and the caseload's sparklines; on a phone and a desktop."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from checkins.models import UseKind, UseReport
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations
from tests.e2e.test_checkin_flow import counter, seed_ten_days, short_day

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
READABLE_PX = 11  # the smallest rendered label height we accept


@pytest.fixture(params=["phone", "desktop"])
def any_page(request, browser: Browser, browser_context_args: dict) -> Iterator[Page]:
    context = browser.new_context(
        **{**browser_context_args, **(PHONE if request.param == "phone" else DESKTOP)}
    )
    yield context.new_page()
    context.close()


def test_the_trend_chart_has_axes_a_table_and_the_same_days_of_use_as_the_counters(
    any_page: Page, live_server, member
):
    days = seed_ten_days(member, used_days_ago=4)  # that day's check-in says "yes"
    # Seven days ago the check-in said "no", but a report of use was written for that day.
    reported = days[7]
    UseReport.objects.create(
        member=member,
        occurred_at=timezone.now() - timedelta(days=7),
        local_date=reported,
        kind=UseKind.LAPSE,
    )
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkins/")

    # Counters: ten days, two with use (days 7 and 4 ago).
    expect(counter(page, "days without use, in all")).to_have_text("8")
    expect(counter(page, "days in this run")).to_have_text("4")
    expect(counter(page, "longest run")).to_have_text("4")  # runs of 2, 2 and 4 days
    # The rows say "yes" on exactly those two days.
    rows = page.get_by_role("region", name="Recent check-ins").locator("tbody tr")
    expect(rows.filter(has=page.get_by_role("cell", name="yes", exact=True))).to_have_count(2)
    for day in (days[4], days[7]):
        expect(rows.filter(has_text=short_day(day)).get_by_role("cell").last).to_have_text("yes")
    # So does the chart...
    chart = page.get_by_role("img", name=re.compile(r"^HALT total and craving"))
    expect(chart.locator("line.use-mark > title")).to_have_text(
        [f"Use reported on {days[7]:%Y-%m-%d}", f"Use reported on {days[4]:%Y-%m-%d}"]
    )
    # ...which has a date axis and a value axis for each line...
    first_day = days[0] - timedelta(days=13)  # a new member: the last 14 days
    expect(chart.locator("text.axis-date").first).to_have_text(f"{first_day:%b} {first_day.day}")
    expect(chart.locator("text.axis-date").last).to_have_text(short_day(days[0])[4:])
    expect(chart.locator("text.axis-halt")).to_have_text(["0", "6", "12"])
    expect(chart.locator("text.axis-craving")).to_have_text(["0", "5", "10"])
    # ...at a size that can be read: wide on a phone, labels at least READABLE_PX tall.
    box = chart.bounding_box()
    assert box and box["width"] >= 300, box
    for label in chart.locator("text").all():
        height = label.bounding_box()["height"]
        assert height >= READABLE_PX, f"{label.text_content()!r} is {height:.1f}px tall"
    # ...and the same numbers as a table, for anyone who cannot see the picture.
    page.get_by_text("The chart as a table").click()
    table = page.get_by_role("table", name=re.compile(r"^HALT total, craving and use, day by day"))
    expect(table).to_be_visible()
    table_rows = table.locator("tbody tr")
    expect(table_rows).to_have_count(10)
    yes = page.get_by_role("cell", name="yes", exact=True)
    expect(table_rows.filter(has=yes)).to_have_count(2)
    expect(table_rows.filter(has_text=short_day(days[7])).get_by_role("cell").last).to_have_text(
        "yes"
    )
    expect(table_rows.last.get_by_role("rowheader")).to_have_text(short_day(days[0]))
    assert_no_serious_violations(page)


def test_the_caseload_shows_a_sparkline_of_each_sharing_clients_last_two_weeks(
    any_page: Page, live_server, member, counselor
):
    seed_ten_days(member, used_days_ago=4)
    page = any_page
    sign_in(page, live_server, counselor.email)
    expect(page).to_have_url(f"{live_server.url}/counselor/")

    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Alex"))
    spark = row.get_by_role("img")
    expect(spark).to_have_accessible_name(
        "10 check-ins, highest craving 9 of 10; HALT up to 2 of 4 quite or very; 1 day with use"
    )
    expect(spark.locator("polyline")).to_have_count(2)  # craving and HALT
    expect(spark.locator("line.use-mark")).to_have_count(1)
    # Under its column's header on a wide screen; on a phone, the card's line names it.
    column = row.locator('td[data-label="Craving and HALT, last 14 days"]')
    expect(column.get_by_role("img")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert_no_serious_violations(page)
