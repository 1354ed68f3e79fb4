"""Check-in reminders by keyboard alone, and "I'm struggling right now" on a phone."""

from __future__ import annotations

import copy
import re
from datetime import time, timedelta

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from accounts.models import User
from alerts.models import Alert
from checkins.progress import local_date
from contacts.models import SupportContact
from messaging.models import Delivery
from plans.demo import ALEX_PLAN
from plans.versions import write_plan
from reminders.models import EVERY_DAY, ReminderSchedule, ReminderSettings
from tests.e2e.conftest import watch_csp
from tests.e2e.helpers import expect_help_panel_open, open_sign_in, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

MEMBER_PHONE = "+12025550123"
WEEKDAYS = 0b0011111
JO_TEXT = "Alex would love a call from you tonight."
DEFAULT_TEXT = "Alex could use a call from you today."
QUIET_REFUSAL = (
    "That time is inside your quiet hours (10 p.m. to 7 a.m.). Choose another time, "
    "or change your quiet hours below."
)


# --- Keyboard helpers -----------------------------------------------------------------------


def tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    """Press Tab until `target` has the focus: it is reachable in the page's Tab order."""
    expect(target).to_be_visible()
    element = target.element_handle()  # resolved once: each check is then one round trip
    for _ in range(limit):
        page.keyboard.press("Tab")
        if element.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"{limit} presses of Tab never reached {target}")


def tab_and_press(page: Page, target: Locator, key: str) -> None:
    tab_to(page, target)
    page.keyboard.press(key)


def type_into(page: Page, field: Locator, keys: str, value: str) -> None:
    """Tab to a time or date field and type into it as a person would (segment by segment)."""
    tab_to(page, field)
    page.keyboard.type(keys)
    expect(field).to_have_value(value)


def toggle(page: Page, box: Locator, checked: bool) -> None:
    tab_and_press(page, box, "Space")
    if checked:
        expect(box).to_be_checked()
    else:
        expect(box).not_to_be_checked()


def skip_to_main(page: Page) -> None:
    """Tab from the top of a freshly loaded page to the skip link, and follow it."""
    skip = page.get_by_role("link", name="Skip to main content")
    tab_and_press(page, skip, "Enter")
    expect(page.locator("main#main")).to_be_focused()


def sign_in_by_keyboard(page: Page, live_server, email: str) -> None:
    open_sign_in(page, live_server)
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/today/")


# --- Locators -------------------------------------------------------------------------------


def status(page: Page) -> Locator:
    """The flash messages after a redirect (a role=status region)."""
    return page.get_by_role("main").get_by_role("status")


def reminder_list(page: Page) -> Locator:
    return page.get_by_role("region", name="Your reminders").get_by_role("listitem")


def reminder(page: Page, clock: str) -> Locator:
    """One reminder of the list, by the time it shows first ("8:15 a.m.")."""
    return reminder_list(page).filter(has_text=re.compile(rf"^\s*{re.escape(clock)}\s"))


# --- Reminders ------------------------------------------------------------------------------


@pytest.fixture
def member_with_phone(member: User) -> User:
    member.phone = MEMBER_PHONE
    member.save(update_fields=["phone"])
    return member


def test_a_member_manages_reminders_quiet_hours_and_a_pause_with_the_keyboard_alone(
    page: Page, live_server, member_with_phone
):
    member = member_with_phone
    sign_in_by_keyboard(page, live_server, member.email)

    # From the account page, as a member finds it (in the menu, below 1,400 px wide).
    tab_and_press(page, page.get_by_role("button", name="Menu"), "Enter")
    tab_and_press(page, page.get_by_role("link", name="Account"), "Enter")
    expect(page).to_have_url(f"{live_server.url}/account/")
    tab_and_press(page, page.get_by_role("link", name="Reminders", exact=True), "Enter")
    expect(page).to_have_url(f"{live_server.url}/checkin/reminders/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-in reminders")
    skip_to_main(page)

    # A new member starts with one reminder: 7 p.m., every day, by email and in Waypoint.
    expect(reminder_list(page)).to_have_count(1)
    default = reminder(page, "7 p.m.")
    expect(default).to_contain_text("Every day")
    expect(default).to_contain_text("By email, in Waypoint")

    # Add 08:15 on weekdays, by text message only.
    add = page.get_by_role("region", name="Add a reminder")
    expect(add.get_by_role("group", name="How to remind you")).to_contain_text(
        "Text messages go to (202) 555-0123"
    )
    type_into(page, add.get_by_label("Time"), "0815A", "08:15")
    toggle(page, add.get_by_role("checkbox", name="Saturday"), checked=False)
    toggle(page, add.get_by_role("checkbox", name="Sunday"), checked=False)
    toggle(page, add.get_by_role("checkbox", name="Email", exact=True), checked=False)
    toggle(page, add.get_by_role("checkbox", name="Text message"), checked=True)
    toggle(page, add.get_by_role("checkbox", name="In Waypoint"), checked=False)
    tab_and_press(page, add.get_by_role("button", name="Add reminder"), "Enter")

    expect(page).to_have_url(f"{live_server.url}/checkin/reminders/")
    expect(status(page)).to_have_text("Saved. Your 8:15 a.m. reminder is set.")
    expect(reminder_list(page)).to_have_count(2)
    morning = reminder(page, "8:15 a.m.")
    expect(morning).to_contain_text("Weekdays")
    expect(morning).to_contain_text("By text message")
    skip_to_main(page)

    # Change the default reminder to 21:00.
    tab_and_press(page, page.get_by_role("link", name="Change the 7 p.m. reminder"), "Enter")
    expect(page).to_have_url(re.compile(r"/checkin/reminders/\d+/#reminder-form$"))
    change = page.get_by_role("region", name="Change the 7 p.m. reminder")
    expect(change.get_by_label("Time")).to_have_value("19:00")
    type_into(page, change.get_by_label("Time"), "0900P", "21:00")
    tab_and_press(page, change.get_by_role("button", name="Save changes"), "Enter")

    expect(status(page)).to_have_text("Saved. Your 9 p.m. reminder is set.")
    expect(reminder_list(page)).to_have_count(2)
    expect(reminder(page, "7 p.m.")).to_have_count(0)
    expect(reminder(page, "9 p.m.")).to_contain_text("Every day")
    skip_to_main(page)

    # Quiet hours from 22:00 to 07:00.
    settings = page.get_by_role("region", name="Quiet hours and pausing")
    type_into(page, settings.get_by_label("Quiet hours start"), "1000P", "22:00")
    type_into(page, settings.get_by_label("Quiet hours end"), "0700A", "07:00")
    tab_and_press(page, settings.get_by_role("button", name="Save settings"), "Enter")
    expect(status(page)).to_have_text("Saved your reminder settings.")
    skip_to_main(page)

    # A reminder at 23:00 is refused, and the refusal is announced and tied to the field.
    add = page.get_by_role("region", name="Add a reminder")
    type_into(page, add.get_by_label("Time"), "1100P", "23:00")
    tab_and_press(page, add.get_by_role("button", name="Add reminder"), "Enter")

    summary = page.get_by_role("main").get_by_role("alert")
    expect(summary).to_contain_text("Nothing was saved yet.")
    time_field = page.get_by_role("region", name="Add a reminder").get_by_label("Time")
    expect(time_field).to_have_attribute("aria-invalid", "true")
    expect(time_field).to_have_accessible_description(QUIET_REFUSAL)
    expect(time_field).to_have_value("23:00")  # what they typed is kept
    # The summary's link takes the keyboard straight to the form with the problem.
    tab_and_press(page, summary.get_by_role("link"), "Enter")
    expect(page).to_have_url(re.compile(r"/checkin/reminders/#reminder-form$"))
    page.keyboard.press("Tab")
    expect(time_field).to_be_focused()
    expect(reminder_list(page)).to_have_count(2)

    # Pause for a week, from this same page.
    until = local_date(member.timezone) + timedelta(days=7)
    settings = page.get_by_role("region", name="Quiet hours and pausing")
    pause = settings.get_by_label("Pause reminders until")
    type_into(page, pause, f"{until:%m%d%Y}", until.isoformat())
    tab_and_press(page, settings.get_by_role("button", name="Save settings"), "Enter")

    expect(status(page)).to_have_text("Saved your reminder settings.")
    paused = page.get_by_text(re.compile(r"^Reminders are paused until"))
    expect(paused).to_have_text(
        f"Reminders are paused until {until:%A, %B} {until.day}, including that day."
    )
    expect(page.get_by_label("Quiet hours start")).to_have_value("22:00")  # kept
    skip_to_main(page)

    # ... and resume at once.
    tab_and_press(page, page.get_by_role("button", name="Resume now"), "Space")
    expect(status(page)).to_have_text("Reminders are back on.")
    expect(paused).to_have_count(0)
    expect(page.get_by_role("button", name="Resume now")).to_have_count(0)

    saved = {
        s.local_time: (s.weekdays, s.by_email, s.by_sms, s.in_app)
        for s in ReminderSchedule.objects.filter(member=member)
    }
    assert saved == {
        time(8, 15): (WEEKDAYS, False, True, False),
        time(21, 0): (EVERY_DAY, True, False, True),
    }
    prefs = ReminderSettings.objects.get(member=member)
    assert (prefs.quiet_from, prefs.quiet_until, prefs.paused_until) == (time(22), time(7), None)

    # Deleting asks first: the disclosure opens with Enter, then the real button deletes.
    skip_to_main(page)
    morning = reminder(page, "8:15 a.m.")
    tab_and_press(page, morning.get_by_text("Delete the 8:15 a.m. reminder", exact=True), "Enter")
    confirm = morning.get_by_role("button", name="Yes, delete the 8:15 a.m. reminder")
    tab_and_press(page, confirm, "Enter")
    expect(status(page)).to_contain_text("Deleted your 8:15 a.m. reminder.")
    expect(status(page).get_by_role("button", name="Undo")).to_be_visible()  # for a while
    expect(reminder_list(page)).to_have_count(1)
    expect(reminder(page, "9 p.m.")).to_be_visible()
    assert list(ReminderSchedule.objects.filter(member=member).values_list("local_time")) == [
        (time(21, 0),)
    ]


# --- "I'm struggling right now" -------------------------------------------------------------


def _contact(member: User, name: str, *, agreed: bool, **how: str) -> SupportContact:
    return SupportContact.objects.create(
        member=member, name=name, relationship="friend", may_be_told=agreed, **how
    )


@pytest.fixture
def alex_with_people(member: User) -> tuple[User, SupportContact, SupportContact]:
    """Alex with the demo plan, two contacts who agreed to hear from Waypoint and one who didn't."""
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    jo = _contact(member, "Jo", agreed=True, phone="+12025550143", approved_message=JO_TEXT)
    max_ = _contact(member, "Max", agreed=True, email="max@example.org")
    _contact(member, "Pat", agreed=False, phone="+12025550199")
    return member, jo, max_


@pytest.fixture
def _console_sms(settings) -> None:
    settings.WAYPOINT_SMS_BACKEND = "messaging.transports.ConsoleSmsBackend"


def offer(page: Page, name: str) -> Locator:
    """A person's checkbox on "You reached out" (its label holds the whole message)."""
    return page.get_by_role("main").get_by_role("checkbox", name=re.compile(rf"^{name}\b"))


@pytest.mark.usefixtures("_console_sms")
def test_a_member_on_a_phone_says_they_are_struggling_and_messages_only_the_contact_they_keep(
    phone_page: Page,
    browser: Browser,
    browser_context_args: dict,
    csp_violations: list[str],
    live_server,
    alex_with_people,
    counselor,
    mailoutbox,
    screenshot,
):
    member, jo, max_ = alex_with_people
    page = phone_page
    sign_in(page, live_server, member.email)
    expect(page).to_have_url(f"{live_server.url}/today/")

    # The header's control, which every member page has, opens the help panel.
    header = page.get_by_role("navigation", name="Main")
    header.get_by_role("button", name="Get help now").tap()
    expect_help_panel_open(page)
    panel = page.get_by_role("dialog", name="Get help now")
    panel.get_by_role("button", name="I'm struggling right now").tap()

    expect(page).to_have_url(f"{live_server.url}/help/struggling/")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("You reached out")
    expect(main).to_contain_text("Thank you for reaching out. Your counselor will see this.")
    # Only the two who agreed are offered, each with how and the exact words; none ticked:
    # telling someone is the member's choice, made here.
    expect(main.get_by_role("checkbox")).to_have_count(2)
    expect(offer(page, "Pat")).to_have_count(0)
    expect(offer(page, "Jo")).to_have_accessible_name(
        f"Jo (Friend) By text message to (202) 555-0143 \u201c{JO_TEXT}\u201d"
    )
    expect(offer(page, "Max")).to_have_accessible_name(
        f"Max (Friend) By email to max@example.org \u201c{DEFAULT_TEXT}\u201d"
    )
    expect(offer(page, "Jo")).not_to_be_checked()
    expect(offer(page, "Max")).not_to_be_checked()
    expect(main.get_by_role("link", name="Not now")).to_have_attribute(
        "href", "/help/struggling/steps/"
    )
    # No supporter hears anything before the member chooses (the care team already did).
    assert not Delivery.objects.filter(purpose="alert_contact").exists()

    offer(page, "Jo").tap()
    expect(offer(page, "Jo")).to_be_checked()
    screenshot(page, "struggling-phone")
    main.get_by_role("button", name="Send these messages").tap()

    expect(page).to_have_url(f"{live_server.url}/help/struggling/steps/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What your plan says to do")
    expect(status(page)).to_have_text("Your messages are on their way.")
    steps = main.get_by_role("list").filter(has_text=ALEX_PLAN["actions"][0]["text"])
    expect(steps.get_by_role("listitem")).to_have_text(
        [re.compile(re.escape(f"{a['text']} \u2192 {a['then']}")) for a in ALEX_PLAN["actions"]]
    )
    expect(main.locator('a[href="tel:988"]')).to_be_visible()
    # "I used" from here is the one tap that records it (a form that posts).
    expect(main.locator('form[action="/checkin/now/"][method="post"]')).to_contain_text(
        "If you've used, this is still the right place to start"
    )
    expect(main.get_by_role("button", name="I used. Help me now.")).to_be_visible()

    # Exactly one message, to the contact left ticked, with their approved words.
    [sent] = Delivery.objects.filter(purpose="alert_contact")
    assert sent.contact_link.contact_id == jo.pk
    assert (sent.channel, sent.address, sent.text, sent.status) == (
        "sms",
        "+12025550143",
        JO_TEXT,
        "sent",
    )
    assert not Delivery.objects.filter(contact_link__contact=max_).exists()
    [mail] = mailoutbox  # the care team's heads-up, without details
    assert mail.to == [counselor.email]

    # The counselor, who has consent to see alerts, finds it in the inbox.
    alert = Alert.objects.get(member=member)
    assert (alert.stage, alert.status) == ("mental", "open")
    [signal] = alert.signals
    assert signal["code"] == "struggling"
    context = browser.new_context(**browser_context_args)
    watch_csp(context, csp_violations)
    try:
        casey = context.new_page()
        sign_in(casey, live_server, counselor.email)
        expect(casey).to_have_url(f"{live_server.url}/counselor/")
        casey.get_by_role("navigation", name="Main").get_by_role(
            "link", name=re.compile(r"^Alerts")
        ).click()
        expect(casey).to_have_url(f"{live_server.url}/alerts/")
        card = casey.get_by_role("article", name=re.compile(r"^Alex\b"))
        expect(card).to_have_count(1)
        expect(card.get_by_role("heading")).to_contain_text("Mental stage")
        # The signal's own words (the rules word it), e.g. "... while struggling (November 23)."
        expect(card.get_by_role("listitem").first).to_have_text(signal["explanation"])
        expect(card.get_by_role("listitem").first).to_contain_text("struggling")
        told = card.get_by_role("paragraph").filter(has_text=re.compile(r"^\s*Told:"))
        expect(told).to_contain_text("Support contact")
        assert told.inner_text().count("Support contact") == 1  # Jo only, not Max
        expect(card.get_by_role("button", name="Acknowledge Alex")).to_be_visible()
    finally:
        context.close()
