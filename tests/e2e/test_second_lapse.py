"""A second lapse after the counselor acknowledged the first reaches the counselor again
(real browser, phone viewport; tasks run eagerly in the server, as in the other e2e tests)."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from alerts.models import Alert
from checkins.models import UseReport
from tests.e2e.conftest import PHONE, watch_csp
from tests.e2e.helpers import sign_in

NOTE = "Called Alex: safe, going to a meeting tonight."


def _record_a_lapse(page: Page, live_server, member, hours_ago: int) -> None:
    page.goto(f"{live_server.url}/today/")
    page.get_by_role("button", name="I used. Help me now.").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("First, your safety")
    page.goto(f"{live_server.url}/checkin/now/record/")
    when = timezone.localtime(
        timezone.now() - timedelta(hours=hours_ago), ZoneInfo(member.timezone)
    )
    page.get_by_label("When").fill(f"{when:%Y-%m-%dT%H:%M}")
    page.get_by_label("A lapse (a single use)").tap()
    page.get_by_role("button", name="Save", exact=True).tap()
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/checkin/now/\d+/$"))


def test_a_second_lapse_after_acknowledgement_reaches_the_counselor_again(
    phone_page: Page,
    browser: Browser,
    browser_context_args,
    csp_violations,
    live_server,
    member,
    counselor,
    mailoutbox,
    screenshot,
):
    sign_in(phone_page, live_server, member.email)
    _record_a_lapse(phone_page, live_server, member, hours_ago=3)
    assert [m.to for m in mailoutbox] == [[counselor.email]]

    # The counselor, on their phone, acknowledges it with a note.
    context = browser.new_context(**{**browser_context_args, **PHONE})
    watch_csp(context, csp_violations)
    staff = context.new_page()
    sign_in(staff, live_server, counselor.email)
    staff.goto(f"{live_server.url}/alerts/")
    card = staff.get_by_role("article", name=re.compile("Alex"))
    card.get_by_label("Note (optional)").fill(NOTE)
    card.get_by_role("button", name="Acknowledge").tap()
    expect(staff.get_by_role("article", name=re.compile("Alex"))).to_contain_text(
        "Acknowledged by Casey"
    )

    # A second lapse an hour later: the counselor hears again, and sees what is new. (The
    # first tap's report is made older: a tap within 30 minutes is the same event.)
    UseReport.objects.update(created_at=timezone.now() - timedelta(hours=2))
    _record_a_lapse(phone_page, live_server, member, hours_ago=1)
    assert [m.to for m in mailoutbox] == [[counselor.email], [counselor.email]]
    alert = Alert.objects.get(member=member, stage="physical")
    assert alert.status == "open"

    staff.goto(f"{live_server.url}/alerts/")
    card = staff.get_by_role("article", name=re.compile("Alex"))
    expect(card).to_contain_text("Open again since")
    expect(card).to_contain_text("New since you looked")
    expect(card).to_contain_text("(acknowledged by Casey,")
    expect(card).to_contain_text(NOTE)
    expect(card.get_by_role("button", name="Acknowledge")).to_be_visible()
    screenshot(staff, "alert-renewed-phone")
    context.close()
