""" "I used" on a phone: the tap itself tells the care team (a real worker emails and
texts the counselor, through the HTTP gateway, before any form is filled), and a signed-out visitor reaches the safety page in
one tap from the sign-in page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from alerts.models import Alert
from checkins.models import UseReport
from core.stages import Stage
from tests.e2e.helpers import open_sign_in, sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations

# A real Celery worker on the shared Redis, writing email to files and sending texts to a
# loopback HTTP gateway; its module fixtures and the override that stops tasks running in
# the web process (tests/integration).
from tests.integration.conftest import (  # noqa: F401
    SmsGateway,
    WorkerProcess,
    _eager_celery,
    sms_gateway,
    texting_worker,
    wait_until,
)

URGENT = "+12025550188"

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_member_taps_i_used_and_the_counselor_is_emailed_and_texted_before_any_form(
    phone_page: Page,
    live_server,
    member: User,
    counselor: User,
    texting_worker: WorkerProcess,  # noqa: F811
    sms_gateway: SmsGateway,  # noqa: F811
    screenshot,
) -> None:
    counselor.urgent_phone = URGENT  # Casey takes urgent texts at any hour
    counselor.save()
    page = phone_page
    sign_in(page, live_server, member.email)
    expect(page).to_have_url(f"{live_server.url}/today/")

    page.get_by_role("main").get_by_role("button", name="I used. Help me now.").tap()
    expect(page).to_have_url(f"{live_server.url}/checkin/now/")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("First, your safety")
    expect(main.get_by_role("status")).to_contain_text("you said you used")
    expect(main.get_by_role("status")).to_contain_text("Casey")
    expect(main.locator('a[href="tel:911"]')).to_be_visible()
    expect(main.locator('a[href="tel:988"]')).to_be_visible()
    expect(main.get_by_text("Give a second dose.", exact=False)).to_be_visible()
    expect(main.locator("form, input, select, textarea")).to_have_count(0)  # nothing to fill in
    screenshot(page, "i-used-tapped-phone")

    # The worker, not the web process, sends it: the counselor's email arrives with no form
    # filled in, from the report the tap made (its kind not said yet).
    [email] = wait_until(
        lambda: texting_worker.messages(to=counselor.email),
        timeout=30,
        what=lambda: f"the counselor's email; worker log:\n{texting_worker.log_tail()}",
    )
    assert email["Subject"] == "A client needs attention"
    assert member.display_name not in email.as_string()
    [text] = wait_until(
        lambda: sms_gateway.texts(to=URGENT),
        timeout=30,
        what=lambda: f"the counselor's text; worker log:\n{texting_worker.log_tail()}",
    )
    assert text.authorization == f"Bearer {sms_gateway.token}"
    assert text.text.startswith("Waypoint: a client needs attention now.")
    assert member.display_name not in text.text
    report = UseReport.objects.get(member=member)
    assert report.kind == ""
    assert Alert.objects.get(member=member).stage == Stage.PHYSICAL

    # Back and forward again: still one report, still one email.
    page.go_back()
    page.go_forward()
    expect(page).to_have_url(f"{live_server.url}/checkin/now/")
    assert UseReport.objects.filter(member=member).count() == 1
    assert len(sms_gateway.texts()) == 1
    assert_no_serious_violations(page)


def test_a_signed_out_visitor_reaches_the_safety_page_in_one_tap(
    phone_page: Page, live_server, member: User
) -> None:
    page = phone_page
    open_sign_in(page, live_server)
    page.get_by_role("link", name="I used. Help me now.").tap()
    expect(page).to_have_url(f"{live_server.url}/checkin/now/")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("First, your safety")
    expect(main.get_by_role("status")).to_contain_text(
        "You're not signed in, so nothing has been saved and no one has been told."
    )
    expect(main.locator('a[href="tel:911"]')).to_be_visible()
    expect(
        main.get_by_text("pharmacies sell naloxone nasal spray without a prescription")
    ).to_be_visible()
    assert not UseReport.objects.exists()
    assert_no_serious_violations(page)

    main.get_by_role("link", name="Sign in to let your counselor know").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
