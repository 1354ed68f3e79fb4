"""Every tap counts, in a real browser on a phone and on a desktop: a double tap saves once,
removals can be undone (or are confirmed when they reach someone else), and limits are
said before they bite."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.http.response import HttpResponseRedirectBase
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from accounts.models import Consent, User
from checkins.models import UseKind, UseReport
from contacts.models import Relationship, SupportContact
from plans.models import Plan
from plans.versions import write_plan
from reminders.models import ReminderSchedule
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
TRIGGER = "Cash in my pocket on payday"


@pytest.fixture(params=["phone", "desktop"])
def any_page(request, browser: Browser, browser_context_args: dict) -> Iterator[Page]:
    """The same test on a phone and on a desktop."""
    extra = PHONE if request.param == "phone" else DESKTOP
    context = browser.new_context(**{**browser_context_args, **extra})
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_js(browser: Browser, browser_context_args: dict) -> Iterator[Page]:
    """No JavaScript at all: what the server does alone."""
    context = browser.new_context(**{**browser_context_args, **PHONE, "java_script_enabled": False})
    yield context.new_page()
    context.close()


@contextlib.contextmanager
def slow_server(seconds: float = 0.4) -> Iterator[None]:
    """Every answer that redirects takes `seconds` longer, inside the view's transaction,
    as on a busy server: a second tap lands while the first is still being saved."""
    original = HttpResponseRedirectBase.__init__

    def slow(self: HttpResponseRedirectBase, *args: Any, **kwargs: Any) -> None:
        time.sleep(seconds)
        original(self, *args, **kwargs)

    with mock.patch.object(HttpResponseRedirectBase, "__init__", slow):
        yield


def two_taps(page: Page, button: Locator, path: str) -> int:
    """Tap `button` twice, 60 ms apart, on a slow server; return how many POSTs were sent.

    A disabled button takes the second tap and does nothing, as on a phone."""
    sent: list[str] = []
    page.on(
        "request",
        lambda r: sent.append(r.url) if r.method == "POST" and r.url.endswith(path) else None,
    )
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    with slow_server():
        # Taps at a point, as a finger does: the second lands whatever the page is doing.
        page.mouse.click(x, y)
        page.wait_for_timeout(60)
        page.mouse.click(x, y)
        page.wait_for_timeout(1500)  # both answers are back (each waits 0.4 s)
        page.wait_for_load_state("load")
    return len(sent)


def status(page: Page):
    return page.get_by_role("main").locator(".messages")


def fill_what_happened(page: Page, member: User) -> None:
    two_hours_ago = timezone.localtime(timezone.now() - timedelta(hours=2))
    page.get_by_label("When").fill(f"{two_hours_ago:%Y-%m-%dT%H:%M}")
    page.get_by_label("A lapse (a single use)").check()
    page.get_by_label("Notes (optional)").fill("After the shift, on the way home")


# --- Item 2: a second submission changes nothing more ----------------------------------


def test_two_quick_taps_on_what_happened_save_one_report(any_page: Page, live_server, member):
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkin/now/record/")
    fill_what_happened(page, member)
    save = page.get_by_role("button", name="Save", exact=True)
    assert two_taps(page, save, "/checkin/now/record/") == 1  # the page sent it once
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/checkin/now/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You took the hard step")
    assert UseReport.objects.filter(member=member).count() == 1


def test_the_server_alone_refuses_the_second_tap(page_without_js: Page, live_server, member):
    page = page_without_js
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkin/now/record/")
    fill_what_happened(page, member)
    save = page.get_by_role("button", name="Save", exact=True)
    assert two_taps(page, save, "/checkin/now/record/") == 2  # both reached the server
    expect(page.get_by_role("heading", level=1)).to_have_text("You took the hard step")
    assert UseReport.objects.filter(member=member).count() == 1


def test_two_quick_taps_on_a_contacts_save_add_one_contact(any_page: Page, live_server, member):
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/contacts/new/")
    page.get_by_label("Name").fill("Marcus")
    page.get_by_label("Who they are to you").select_option(label="Sponsor")
    page.get_by_label("Phone").fill("(202) 555-0143")
    two_taps(page, page.get_by_role("button", name="Save", exact=True), "/contacts/new/")
    expect(page).to_have_url(f"{live_server.url}/contacts/")
    expect(status(page)).to_have_text("Saved Marcus.")
    expect(page.get_by_role("link", name="Call Marcus")).to_have_count(1)
    assert SupportContact.objects.filter(member=member).count() == 1


def test_a_double_tapped_plan_save_says_saved_and_no_conflict(any_page: Page, live_server, member):
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/plan/triggers/")
    line = page.get_by_role("group", name="Line 1", exact=True)
    line.get_by_label("Trigger", exact=True).fill("Payday Fridays")
    line.get_by_label("Where it comes from").select_option("external")
    two_taps(page, page.get_by_role("button", name="Save", exact=True), "/plan/triggers/")
    expect(page).to_have_url(f"{live_server.url}/plan/#section-triggers")
    expect(status(page)).to_have_text("Saved.")
    expect(page.get_by_text("changed somewhere else")).to_have_count(0)
    expect(page.get_by_role("main").get_by_role("alert")).to_have_count(0)
    assert [t["text"] for t in Plan.objects.get(member=member).items("triggers")] == [
        "Payday Fridays"
    ]


def test_adding_the_trigger_shows_added_and_adds_it_once(any_page: Page, live_server, member):
    report = UseReport.objects.create(
        member=member,
        occurred_at=timezone.now() - timedelta(hours=3),
        local_date=timezone.localdate(),
        kind=UseKind.LAPSE,
        trigger=TRIGGER,
        before="A long week",
        reflected_at=timezone.now(),
    )
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkin/now/{report.pk}/")
    reflection = page.get_by_role("region", name="Get curious, not critical")
    reflection.get_by_label("Around me (people, places, things)").check()
    add = reflection.get_by_role("button", name="Add the trigger to my plan")
    two_taps(page, add, f"/checkin/now/{report.pk}/to-plan/")
    expect(page).to_have_url(f"{live_server.url}/plan/triggers/")
    expect(status(page)).to_have_text("Added to “My triggers”. Reword it if you like.")

    page.goto(f"{live_server.url}/checkin/now/{report.pk}/")
    reflection = page.get_by_role("region", name="Get curious, not critical")
    expect(reflection.get_by_text("Added", exact=True)).to_be_visible()
    expect(reflection.get_by_text("The trigger is in your plan.")).to_be_visible()
    expect(reflection.get_by_role("button", name="Add the trigger to my plan")).to_have_count(0)
    assert [t["text"] for t in Plan.objects.get(member=member).items("triggers")] == [TRIGGER]


# --- Item 4: confirm what reaches others, undo what is the member's own ----------------


def test_stopping_sharing_asks_first_and_names_who_loses_what(
    any_page: Page, live_server, member, counselor
):
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/account/sharing/")
    page.get_by_role("link", name="Stop sharing with Casey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop sharing with Casey?")
    lost = page.get_by_role("main").get_by_role("listitem")
    expect(lost).to_have_text([str(scope.label) for scope in Consent.objects.get().scopes])
    page.get_by_role("link", name="Keep sharing").click()
    expect(page).to_have_url(f"{live_server.url}/account/sharing/")
    assert Consent.objects.get().is_active()

    page.get_by_role("link", name="Stop sharing with Casey").click()
    page.get_by_role("button", name="Yes, stop sharing").click()
    expect(status(page)).to_contain_text("You stopped sharing with Casey.")
    assert not Consent.objects.get().is_active()


def test_a_removed_contact_comes_back_with_undo(any_page: Page, live_server, member):
    SupportContact.objects.create(
        member=member, name="Marcus", relationship=Relationship.SPONSOR, phone="+12025550143"
    )
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/contacts/")
    page.get_by_role("button", name="Remove Marcus").click()
    expect(status(page)).to_contain_text("Removed Marcus from your contacts.")
    expect(page.get_by_role("link", name="Call Marcus")).to_have_count(0)
    assert not SupportContact.objects.exists()  # gone at once: nothing reaches them meanwhile
    status(page).get_by_role("button", name="Undo").click()
    expect(status(page)).to_have_text("Marcus is back in your contacts.")
    expect(page.get_by_role("link", name="Call Marcus")).to_be_visible()


def test_a_deleted_reminder_comes_back_with_undo(any_page: Page, live_server, member):
    ReminderSchedule.objects.filter(member=member).delete()
    ReminderSchedule.objects.create(member=member, local_time="08:15")
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkin/reminders/")
    page.get_by_text("Delete the 8:15 a.m. reminder", exact=True).click()
    page.get_by_role("button", name="Yes, delete the 8:15 a.m. reminder").click()
    expect(status(page)).to_contain_text("Deleted your 8:15 a.m. reminder.")
    status(page).get_by_role("button", name="Undo").click()
    expect(status(page)).to_have_text("Your 8:15 a.m. reminder is back.")
    assert ReminderSchedule.objects.filter(member=member).count() == 1


def test_a_removed_plan_line_comes_back_with_undo(any_page: Page, live_server, member):
    write_plan(
        member,
        {"reasons": [{"text": "My niece"}, {"text": "My course"}, {"text": "My health"}]},
        author=member,
        finished=["reasons"],
    )
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/plan/reasons/")
    page.get_by_role("group", name="Line 2", exact=True).get_by_label("Remove").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(status(page)).to_contain_text("Saved. One line was removed.")
    assert [r["text"] for r in Plan.objects.get().items("reasons")] == ["My niece", "My health"]
    status(page).get_by_role("button", name="Undo").click()
    expect(status(page)).to_have_text("Put back in “My reasons for recovery”.")
    assert [r["text"] for r in Plan.objects.get().items("reasons")] == [
        "My niece",
        "My course",
        "My health",
    ]


# --- Item 5: limits said before they bite ----------------------------------------------


def test_a_note_says_its_limit_counts_down_and_says_when_a_paste_was_cut(
    any_page: Page, live_server, member
):
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkin/now/record/")
    notes = page.get_by_label("Notes (optional)")
    expect(notes).to_have_accessible_description(re.compile(r"Up to 1,000 characters\."))
    expect(notes).to_have_accessible_description(re.compile(r"Characters left: 1,000"))
    notes.fill("x" * 990)
    expect(page.locator("#id_notes-counter")).to_have_text("Characters left: 10")
    # A paste longer than the room left: the browser keeps what fits, and we say so.
    notes.fill("")
    page.evaluate(
        """(text) => {
            const field = document.querySelector("textarea[name=notes]");
            const data = new DataTransfer();
            data.setData("text/plain", text);
            field.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true}));
        }""",
        "y" * 10000,
    )
    cut = page.locator("#id_notes-cut")
    expect(cut).to_have_text(
        "Only the first 1,000 characters fit here. The rest of what you pasted was left out."
    )
    expect(cut).to_be_visible()
    expect(notes).to_have_accessible_description(re.compile(r"Only the first 1,000 characters"))


def test_a_too_long_plan_line_gets_one_summary_that_takes_focus_and_leads_to_it(
    any_page: Page, live_server, member
):
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/plan/triggers/")
    line = page.get_by_role("group", name="Line 1", exact=True)
    text = line.get_by_label("Trigger", exact=True)
    expect(text).to_have_attribute("maxlength", "200")
    expect(text).to_have_accessible_description(re.compile(r"Up to 200 characters\."))
    # Forced past the limit (an old browser, a script): the server says it plainly.
    text.evaluate("field => field.removeAttribute('maxlength')")
    text.fill("z" * 1342)
    line.get_by_label("Where it comes from").select_option("internal")
    page.get_by_role("button", name="Save", exact=True).click()

    summary = page.get_by_role("main").get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Nothing was saved yet. One thing needs changing:")
    message = "Keep this to 200 characters or fewer. It has 1,342."
    expect(summary.get_by_role("link")).to_have_text(f"Line 1, Trigger: {message}")
    summary.get_by_role("link").click()
    text = page.get_by_role("group", name="Line 1", exact=True).get_by_label("Trigger", exact=True)
    expect(text).to_be_focused()
    expect(text).to_be_in_viewport()
    # One message for the field, not Django's default and not a second, contradictory one.
    expect(page.get_by_text(message, exact=True)).to_have_count(1)
    expect(page.get_by_text("Write something here")).to_have_count(0)
    assert not Plan.objects.filter(member=member, revision__gt=0).exists()


def test_the_pages_with_these_forms_have_no_serious_accessibility_problems(
    any_page: Page, live_server, member, counselor
):
    page = any_page
    sign_in(page, live_server, member.email)
    consent = Consent.objects.get(member=member)
    for path in (
        "/checkin/now/record/",
        "/plan/triggers/",
        f"/account/sharing/{consent.pk}/stop/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert_no_serious_violations(page)
