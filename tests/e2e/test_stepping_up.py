"""Stepping up care on a phone: after a return to use the member asks for more support, a
real worker emails the counselor (content-free), the counselor records a recommendation on
the client page, the worker emails the member, and the member reads it from Today."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from stepping_up.models import CareRecommendation, CareRequest, Origin
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations

# A real Celery worker on the shared Redis, writing email to files; its module fixture
# and the override that stops tasks running in the web process (tests/integration).
from tests.integration.conftest import (  # noqa: F401
    WorkerProcess,
    _eager_celery,
    celery_worker_process,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

NOTE = "Evenings are the hardest part right now."
ADVICE = "Let's look at the evening IOP together on Tuesday."


def _emails(worker: WorkerProcess, to: str, subject: str) -> list:
    return [m for m in worker.messages(to=to) if m["Subject"] == subject]


def test_a_step_up_request_reaches_the_counselor_and_the_answer_reaches_the_member(
    phone_page: Page,
    browser: Browser,
    browser_context_args,
    live_server,
    member: User,
    counselor: User,
    celery_worker_process: WorkerProcess,  # noqa: F811
    screenshot,
) -> None:
    worker = celery_worker_process
    page = phone_page
    sign_in(page, live_server, member.email)
    expect(page).to_have_url(f"{live_server.url}/today/")

    # From the return-to-use flow: the tap, then "I'd like more support".
    page.get_by_role("main").get_by_role("button", name="I used. Help me now.").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("First, your safety")
    page.get_by_role("link", name="I'd like more support").tap()
    expect(page).to_have_url(f"{live_server.url}/checkin/now/more-support/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("It's a strategy, not starting over")
    expect(main).to_contain_text("This goes to your care team in Waypoint: Casey.")
    group = main.get_by_role("group", name="What kind of support do you have in mind?")
    expect(group.get_by_role("radio")).to_have_count(8)
    assert_no_serious_violations(page)

    # Sending without a choice is refused in words, and nothing is stored.
    main.get_by_role("button", name="Send to my care team").tap()
    expect(main).to_contain_text("Choose the support you have in mind")
    assert not CareRequest.objects.exists()

    group = page.get_by_role("group", name="What kind of support do you have in mind?")
    group.get_by_role("radio", name="Intensive outpatient (IOP)").check()
    page.get_by_label("Anything you'd like them to know? (optional)").fill(NOTE)
    screenshot(page, "stepping-up-ask-phone")
    page.get_by_role("button", name="Send to my care team").tap()
    expect(page).to_have_url(f"{live_server.url}/care/")
    expect(page.get_by_role("status").first).to_contain_text("Sent to your care team: Casey.")
    request = CareRequest.objects.get(member=member)
    assert (request.level, request.origin, request.note) == ("iop", Origin.RETURN_TO_USE, NOTE)

    # The worker, not the web process, emails the counselor: fixed words and a link only.
    [email] = wait_until(
        lambda: _emails(worker, counselor.email, "A client sent you a request"),
        timeout=30,
        what=lambda: f"the counselor's request email; worker log:\n{worker.log_tail()}",
    )
    text = email.as_string()
    for private in (member.display_name, "IOP", "Intensive", "Evenings"):
        assert private not in text
    assert "/alerts/" in email.get_content()

    # The counselor, on their phone, finds it in the inbox and answers on the client page.
    context = browser.new_context(**{**browser_context_args, **PHONE})
    staff = context.new_page()
    sign_in(staff, live_server, counselor.email)
    staff.goto(f"{live_server.url}/alerts/")
    asking = staff.get_by_role("region", name="Asking for more support")
    expect(asking).to_contain_text("has in mind: Intensive outpatient (IOP) · asked")
    asking.get_by_role("link", name="Alex").tap()
    expect(staff).to_have_url(re.compile(rf"/counselor/clients/{member.pk}/#stepping-up$"))
    panel = staff.get_by_role("region", name="Level of care", exact=True)
    expect(panel).to_contain_text(NOTE)
    form = panel.locator("form", has_text="Record a recommendation")
    form.get_by_role("group", name="Recommended level of care").get_by_role(
        "radio", name="Intensive outpatient (IOP)"
    ).check()
    form.get_by_label("A note with your recommendation (optional)").fill(ADVICE)
    form.get_by_role("group", name="Outcome").get_by_role(
        "radio", name="Getting started (intake, scheduling)"
    ).check()
    screenshot(staff, "stepping-up-client-phone")
    form.get_by_role("button", name="Save recommendation").tap()
    expect(staff.get_by_role("status").first).to_contain_text("Recommendation saved.")
    expect(staff.get_by_role("region", name="Level of care", exact=True)).to_contain_text(
        "Casey recommended Intensive outpatient (IOP)"
    )
    assert_no_serious_violations(staff)
    recommendation = CareRecommendation.objects.get(member=member)
    request.refresh_from_db()
    assert request.answered_by == recommendation
    context.close()

    # The member hears by a content-free email, and Today shows a card until they read it.
    [note_email] = wait_until(
        lambda: _emails(worker, member.email, "Your care team left you a note in Waypoint"),
        timeout=30,
        what=lambda: f"the member's email; worker log:\n{worker.log_tail()}",
    )
    assert "IOP" not in note_email.as_string() and "Tuesday" not in note_email.as_string()
    page.goto(f"{live_server.url}/today/")
    card = page.get_by_role("region", name="A note from your care team")
    expect(card).to_contain_text("Casey left you a recommendation about your care.")
    screenshot(page, "stepping-up-today-phone")
    card.get_by_role("link", name="Read it").tap()
    expect(page).to_have_url(f"{live_server.url}/care/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Casey recommended")
    expect(main).to_contain_text("Intensive outpatient (IOP)")
    expect(main).to_contain_text(ADVICE)
    expect(main).to_contain_text("Where it stands: Getting started (intake, scheduling)")
    assert_no_serious_violations(page)
    page.goto(f"{live_server.url}/today/")
    expect(page.get_by_role("region", name="A note from your care team")).to_have_count(0)
