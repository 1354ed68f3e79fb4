"""On a phone: a member sets the day their recovery began on Today, and the milestone shows
there and on the trend page; a return to use takes nothing away."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from checkins.models import UseKind, UseReport
from checkins.progress import local_date
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def counter(page: Page, label: str) -> Locator:
    return page.locator(".counters .card").filter(has_text=label).locator(".fs-3")


def test_a_member_on_a_phone_sets_the_day_they_began_and_sees_the_milestone(
    phone_page: Page, live_server, member, screenshot
):
    today = local_date(member.timezone)
    began = today - timedelta(days=95)
    # A lapse two weeks ago: the milestone still counts from the day they began.
    lapse_day = today - timedelta(days=14)
    UseReport.objects.create(
        member=member,
        occurred_at=timezone.now() - timedelta(days=14),
        local_date=lapse_day,
        kind=UseKind.LAPSE,
    )
    page = phone_page
    sign_in(page, live_server, member.email)
    expect(page).to_have_url(f"{live_server.url}/today/")
    main = page.get_by_role("main")

    offer = main.get_by_role("region", name="When did your recovery begin?")
    expect(offer).to_be_visible()
    tomorrow = today + timedelta(days=1)
    offer.get_by_label("The day my recovery began").fill(tomorrow.isoformat())
    offer.get_by_role("button", name="Save").tap()
    expect(main.get_by_text("can't be in the future")).to_be_visible()
    assert_no_serious_violations(page)

    offer = main.get_by_role("region", name="When did your recovery begin?")
    offer.get_by_label("The day my recovery began").fill(began.isoformat())
    offer.get_by_role("button", name="Save").tap()

    expect(main.get_by_role("status")).to_have_text(
        "Saved. Your days now count from the day you began."
    )
    recovery = main.get_by_role("region", name="Your recovery")
    expect(recovery.locator(".milestone")).to_have_text("90 days since you began — that matters.")
    expect(recovery).to_contain_text(
        f"You began on {began:%B} {began.day}, {began:%Y}, 95 days ago."
    )
    expect(recovery).to_contain_text("Next milestone: 6 months")
    expect(main.get_by_role("region", name="When did your recovery begin?")).to_have_count(0)
    box = recovery.bounding_box()
    assert box and box["width"] <= 390  # fits the phone's width, no sideways scrolling
    screenshot(page, "today-milestone-phone")

    main.get_by_role("link", name="See my trend").tap()
    expect(page).to_have_url(f"{live_server.url}/checkins/")
    recovery = page.get_by_role("main").get_by_role("region", name="Your recovery")
    expect(recovery.locator(".milestone")).to_have_text("90 days since you began — that matters.")
    # 96 days from the start to today, one with use: nothing before the lapse is lost.
    expect(counter(page, "days without use, in all")).to_have_text("95")
    expect(counter(page, "days in this run")).to_have_text("14")
    expect(counter(page, "longest run")).to_have_text("81")
    screenshot(page, "trend-milestone-phone")
