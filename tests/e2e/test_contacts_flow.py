"""Support contacts, the community calendar and the alumni coordinator's pages, in a real browser."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from accounts.models import User, program_today
from alumni.models import (
    AlumniGroup,
    Event,
    EventKind,
    GroupMembership,
    Outreach,
    OutreachMethod,
    OutreachOutcome,
    PeerPairing,
    Rsvp,
)
from contacts.models import Relationship, SupportContact
from tests.e2e.helpers import expect_help_panel_open, sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations
from tests.e2e.test_checkin_flow import seed_ten_days
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

MARCUS_PHONE = "(202) 555-0143"
MARCUS_TEL = "tel:+12025550143"
DANA_PHONE = "(202) 555-0178"
DANA_TEL = "tel:+12025550178"
NOT_A_PHONE = "555-0000"
PHONE_ERROR = "Enter a phone number"
GROUP = "Eastside alumni"
MEETING = "Thursday night meeting"
BOWLING = "Sober bowling"
OUTREACH_NOTE = "Rang at lunch, no voicemail set up. Will try Friday evening."


# --- Helpers -----------------------------------------------------------------------------


def open_menu_item(page: Page, name: str) -> None:
    """On a phone: open the collapsed navigation menu and tap one of its links."""
    page.get_by_role("button", name="Menu").tap()
    # Wait for Bootstrap's collapse to finish: a tap while the links still slide into place
    # lands on the neighbouring one (My people instead of Community).
    expect(page.locator("#nav-links")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)
    expect(link).to_be_visible()
    link.tap()


def add_contact(page: Page, name: str, relationship: str, phone: str) -> None:
    """From "My people": tap "Add someone", fill in the form and save."""
    page.get_by_role("link", name="Add someone").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add someone")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Who they are to you").select_option(label=relationship)
    page.get_by_label("Phone").fill(phone)
    page.get_by_role("button", name="Save").tap()


def contact_cards(page: Page) -> Locator:
    """The member's contacts on "My people", in their order."""
    return page.get_by_role("main").get_by_role("list").first.get_by_role("listitem")


def starts_with(text: str) -> re.Pattern[str]:
    """Text that starts with `text` as a whole word or phrase ("Dana", not "Danae")."""
    return re.compile(rf"^\s*{re.escape(text)}(?!\w)")


def event_card(page: Page, title: str) -> Locator:
    return page.get_by_role("article").filter(has=page.get_by_role("heading", name=title))


def status_message(page: Page) -> Locator:
    return page.get_by_role("main").get_by_role("status")


def alumni_group(coordinator: User, *members: User, name: str = GROUP) -> AlumniGroup:
    """A group of the coordinator's program, run by them, with these members in it."""
    group = AlumniGroup.objects.create(name=name, program=coordinator.program)
    group.coordinators.add(coordinator)
    for person in members:
        GroupMembership.objects.create(group=group, member=person)
    return group


def event(group: AlumniGroup, title: str, starts_in: timedelta, **fields) -> Event:
    """An event of the group starting `starts_in` from now (negative: it has started)."""
    starts = timezone.now() + starts_in
    return Event.objects.create(
        title=title,
        kind=fields.pop("kind", EventKind.MEETING),
        group=group,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place=fields.pop("place", "Community center, room 4"),
        created_by=group.coordinators.get(),
        **fields,
    )


def days_since_joining(person: User) -> int:
    """What the drift list shows for someone never seen: whole program days since joining."""
    joined = timezone.localtime(person.date_joined, timezone.get_default_timezone()).date()
    return (program_today() - joined).days


def short(day: date) -> str:
    """A day as the alumni pages write it (Django's "M j"), e.g. "Sep 7"."""
    return f"{day:%b} {day.day}"


# --- Fixtures ----------------------------------------------------------------------------


@pytest.fixture
def riley(member: User) -> User:
    """A member of the same program who joined two months ago and was never seen since."""
    return UserFactory(
        display_name="Riley",
        program=member.program,
        date_joined=timezone.now() - timedelta(days=60),
    )


# --- Support contacts --------------------------------------------------------------------


def test_a_member_on_a_phone_adds_their_people_orders_them_and_finds_them_in_get_help_now(
    phone_page: Page, live_server, member, screenshot
):
    page = phone_page
    sign_in(page, live_server, member.email)
    expect(page).to_have_url(f"{live_server.url}/today/")

    open_menu_item(page, "My people")
    expect(page).to_have_url(f"{live_server.url}/contacts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My people")
    expect(page.get_by_text("No one here yet.")).to_be_visible()

    add_contact(page, "Marcus", "Sponsor", MARCUS_PHONE)
    expect(page).to_have_url(f"{live_server.url}/contacts/")
    expect(status_message(page)).to_have_text("Saved Marcus.")
    marcus = contact_cards(page).filter(has_text=starts_with("Marcus"))
    expect(marcus).to_contain_text("Sponsor")
    expect(marcus.get_by_text(MARCUS_PHONE, exact=True)).to_be_visible()
    expect(marcus.get_by_role("link", name="Call")).to_have_attribute("href", MARCUS_TEL)

    add_contact(page, "Dana", "Friend", DANA_PHONE)
    expect(status_message(page)).to_have_text("Saved Dana.")
    expect(contact_cards(page)).to_have_text([starts_with("Marcus"), starts_with("Dana")])

    page.get_by_role("button", name="Move Dana up").tap()
    expect(page).to_have_url(f"{live_server.url}/contacts/")
    expect(contact_cards(page)).to_have_text([starts_with("Dana"), starts_with("Marcus")])
    saved = SupportContact.objects.filter(member=member)
    assert [(c.name, c.relationship, c.phone) for c in saved] == [
        ("Dana", Relationship.FRIEND, "+12025550178"),
        ("Marcus", Relationship.SPONSOR, "+12025550143"),
    ]
    # The first contact can only go down, the last only up.
    expect(page.get_by_role("button", name="Move Dana up")).to_have_count(0)
    expect(page.get_by_role("button", name="Move Marcus down")).to_have_count(0)
    screenshot(page, "contacts-phone")

    page.get_by_role("banner").get_by_role("button", name="Get help now").tap()
    expect_help_panel_open(page)
    expect(page).to_have_url(f"{live_server.url}/contacts/")  # a panel, not a page load
    panel = page.locator("#help-panel")
    expect(panel.get_by_role("heading", name="Your people")).to_be_visible()
    people = panel.locator("ul.people-links").first.get_by_role("listitem")  # after the lines
    expect(people).to_have_text([starts_with("Dana (Friend)"), starts_with("Marcus (Sponsor)")])
    # Tapping Call hands the number to the phone's dialer: a tel: link, not a page of the site
    # (headless Chromium has no dialer, so the link's target is what is checked).
    expect(people.first.get_by_role("link", name="Call Dana")).to_have_attribute("href", DANA_TEL)
    expect(people.last.get_by_role("link", name="Call Marcus")).to_have_attribute(
        "href", MARCUS_TEL
    )
    expect(people.first.get_by_role("link", name="Text Dana")).to_have_attribute(
        "href", "sms:+12025550178"
    )
    screenshot(page, "help-panel-contacts-phone")


def test_a_phone_number_that_cannot_be_called_is_refused_and_nothing_is_saved(
    phone_page: Page, live_server, member
):
    page = phone_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/contacts/")

    add_contact(page, "Marcus", "Sponsor", NOT_A_PHONE)

    expect(page).to_have_url(f"{live_server.url}/contacts/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add someone")
    phone = page.get_by_label("Phone")
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(phone).to_have_accessible_description(re.compile(rf"^{PHONE_ERROR}"))
    expect(page.get_by_text(re.compile(rf"^{PHONE_ERROR}"))).to_be_visible()
    # What the member typed is still there to correct.
    expect(phone).to_have_value(NOT_A_PHONE)
    expect(page.get_by_label("Name")).to_have_value("Marcus")
    expect(page.get_by_label("Who they are to you")).to_have_value(Relationship.SPONSOR)
    assert not SupportContact.objects.exists()

    page.get_by_role("link", name="Back to my people").tap()
    expect(page.get_by_text("No one here yet.")).to_be_visible()


# --- Community ---------------------------------------------------------------------------


def test_a_member_says_they_will_come_to_a_group_event_and_sees_a_full_one_disabled(
    phone_page: Page, live_server, member, other_member, coordinator, screenshot
):
    group = alumni_group(coordinator, member, other_member)
    meeting = event(group, MEETING, timedelta(days=2), capacity=12)
    bowling = event(group, BOWLING, timedelta(days=3), kind=EventKind.SOCIAL, capacity=1)
    Rsvp.objects.create(event=bowling, member=other_member)
    elsewhere = alumni_group(coordinator, other_member, name="Westside alumni")
    event(elsewhere, "Not my group's picnic", timedelta(days=1), kind=EventKind.SOCIAL)

    page = phone_page
    sign_in(page, live_server, member.email)
    open_menu_item(page, "Community")
    expect(page).to_have_url(f"{live_server.url}/community/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Community")
    expect(page.get_by_role("article")).to_have_count(2)  # only the member's own group
    expect(page.get_by_role("article").first).to_contain_text(MEETING)  # soonest first

    card = event_card(page, MEETING)
    expect(card).to_contain_text(f"Meeting · {GROUP}")
    expect(card).to_contain_text("0 of 12 places taken")
    card.get_by_role("button", name=re.compile(r"^I'll be there")).tap()

    expect(page).to_have_url(f"{live_server.url}/community/")
    expect(status_message(page)).to_have_text(f"You're on the list for {MEETING}.")
    card = event_card(page, MEETING)
    expect(card.get_by_text("You're going")).to_be_visible()
    expect(card.get_by_role("button", name="I can't make it")).to_be_visible()
    expect(card).to_contain_text("1 of 12 places taken")
    assert Rsvp.objects.filter(event=meeting, member=member).exists()

    full = event_card(page, BOWLING)
    expect(full).to_contain_text("1 of 1 place taken")
    expect(full.get_by_role("button", name=re.compile(r"^Full"))).to_be_disabled()
    expect(full.get_by_role("button", name=re.compile(r"^I'll be there"))).to_have_count(0)
    assert not Rsvp.objects.filter(event=bowling, member=member).exists()
    screenshot(page, "community-phone")


# --- Alumni coordinator ------------------------------------------------------------------


def test_a_coordinator_finds_a_drifting_member_logs_an_outreach_and_gets_the_follow_up_on_time(
    page: Page, live_server, coordinator, riley, screenshot
):
    days = days_since_joining(riley)
    follow_up = program_today() + timedelta(days=3)

    sign_in(page, live_server, coordinator.email)
    expect(page).to_have_url(f"{live_server.url}/alumni/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Alumni").click()
    expect(page).to_have_url(f"{live_server.url}/alumni/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alumni overview")
    main = page.get_by_role("main")
    expect(main.get_by_text("1 member has not been seen for more than 14 days.")).to_be_visible()
    main.get_by_role("link", name="See who").click()

    expect(page).to_have_url(f"{live_server.url}/alumni/drift/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Drifting away")
    expect(page.get_by_role("columnheader", name="Days since last seen")).to_be_visible()
    rows = main.get_by_role("table").locator("tbody").get_by_role("row")
    expect(rows).to_have_count(1)  # Alex joined today: nobody drifts before they could engage
    row = rows.filter(has_text="Riley")
    expect(row.get_by_role("cell").nth(1)).to_have_text(
        re.compile(rf"^\s*{days}\s*since joining\s*$")
    )
    expect(row).to_contain_text("Check-in: —")
    expect(row).to_contain_text("Outreach: —")
    screenshot(page, "alumni-drift")

    row.get_by_role("link", name="Log outreach Riley").click()
    expect(page).to_have_url(f"{live_server.url}/alumni/members/{riley.pk}/#log-outreach")
    expect(page.get_by_role("heading", level=1)).to_have_text("Riley")
    last_seen = main.get_by_role("region", name="Last seen")
    expect(last_seen.get_by_text("Drifting", exact=True)).to_be_visible()
    expect(last_seen).to_contain_text(f"{days} days ago (counted from joining)")

    log = main.get_by_role("region", name="Log an outreach attempt")
    log.get_by_label("How").select_option(label="Call")
    log.get_by_label("Outcome").select_option(label="No answer")
    log.get_by_label("Note").fill(OUTREACH_NOTE)
    log.get_by_label("Follow up on").fill(follow_up.isoformat())
    log.get_by_role("button", name="Log it").click()

    # The browser keeps the #log-outreach fragment through the redirect.
    member_page = re.escape(f"{live_server.url}/alumni/members/{riley.pk}/")
    expect(page).to_have_url(re.compile(rf"^{member_page}(#log-outreach)?$"))
    expect(status_message(page)).to_have_text("Outreach to Riley logged.")
    logged = Outreach.objects.get(member=riley)
    assert (logged.coordinator, logged.method, logged.outcome) == (
        coordinator,
        OutreachMethod.CALL,
        OutreachOutcome.NO_ANSWER,
    )
    assert (logged.note, logged.follow_up_on, logged.follow_up_done) == (
        OUTREACH_NOTE,
        follow_up,
        False,
    )
    so_far = main.get_by_role("region", name="Outreach so far")
    entry = so_far.locator("tbody").get_by_role("row")
    expect(entry).to_have_count(1)
    expect(entry.get_by_role("rowheader")).to_contain_text(["Jordan"])
    expect(entry.get_by_role("cell")).to_have_text(
        ["Call", "No answer", OUTREACH_NOTE, re.compile(rf"^\s*{short(follow_up)}\s+Mark done")]
    )
    # An outreach is a sign of engagement: Riley is no longer drifting.
    last_seen = main.get_by_role("region", name="Last seen")
    expect(last_seen.get_by_text("Drifting", exact=True)).to_have_count(0)
    expect(last_seen).to_contain_text("0 days ago")

    main.get_by_role("link", name="Back to the drift list").click()
    expect(page).to_have_url(f"{live_server.url}/alumni/drift/")
    expect(main.get_by_text("Nobody is drifting away right now.")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Alumni").click()
    expect(page).to_have_url(f"{live_server.url}/alumni/")
    expect(main.get_by_text(re.compile("not been seen for more than"))).to_have_count(0)
    due = main.get_by_role("region", name="Follow-ups due")
    expect(due).to_contain_text("No follow-ups due.")  # not before its day

    # On the follow-up day (the session has expired meanwhile), it is on the overview.
    morning = datetime.combine(follow_up, time(9, 30), tzinfo=timezone.get_default_timezone())
    with time_machine.travel(morning, tick=True):
        sign_in(page, live_server, coordinator.email)
        expect(page).to_have_url(f"{live_server.url}/alumni/")
        item = due.locator("tbody").get_by_role("row")
        expect(item).to_have_count(1)
        expect(item.get_by_role("rowheader")).to_have_text("Riley")
        expect(item.get_by_role("cell").nth(0)).to_have_text(short(follow_up))  # not overdue
        expect(item.get_by_role("cell").nth(1)).to_contain_text("Call, no answer")
        expect(item.get_by_role("cell").nth(1)).to_contain_text(OUTREACH_NOTE)
        expect(main.get_by_text(re.compile("not been seen for more than"))).to_have_count(0)
        screenshot(page, "alumni-overview")

        item.get_by_role("button", name="Mark done Riley").click()
        expect(status_message(page)).to_have_text("Follow-up with Riley marked done.")
        expect(due).to_contain_text("No follow-ups due.")
    logged.refresh_from_db()
    assert logged.follow_up_done


# --- Accessibility -----------------------------------------------------------------------


def test_my_people_and_the_help_panel_with_them_have_no_serious_accessibility_problems(
    phone_page: Page, live_server, member, coordinator
):
    SupportContact.objects.create(
        member=member,
        name="Marcus",
        relationship=Relationship.SPONSOR,
        phone="+12025550143",
        email="marcus@example.org",
        best_times="Evenings after 6",
        may_be_told=True,
        approved_message="Alex could use a call from you today.",
        position=0,
    )
    SupportContact.objects.create(
        member=member,
        name="Mom",
        relationship=Relationship.FAMILY,
        email="mom@example.org",
        preferred_channel="email",
        position=1,
    )
    peer = UserFactory(
        display_name="Taylor", program=member.program, volunteers_as_peer=True, phone="+12025550111"
    )
    now = timezone.now()
    PeerPairing.objects.create(
        member=member, peer=peer, proposed_by=coordinator, member_agreed_at=now, peer_agreed_at=now
    )
    page = phone_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/contacts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My people")
    expect(contact_cards(page)).to_have_count(2)
    assert_no_serious_violations(page)

    page.get_by_role("banner").get_by_role("button", name="Get help now").tap()
    expect_help_panel_open(page)
    expect(page.locator("#help-panel").get_by_role("link", name="Call Taylor")).to_be_visible()
    assert_no_serious_violations(page)


def test_the_contact_form_with_errors_has_no_serious_accessibility_problems(
    page: Page, live_server, member
):
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/contacts/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add someone")
    page.get_by_label("Name").fill("Marcus")
    page.get_by_label("Who they are to you").select_option(label="Sponsor")
    page.get_by_label("Phone").fill(NOT_A_PHONE)
    page.get_by_label("They agreed to hear from Waypoint").check()
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(f"{live_server.url}/contacts/new/")
    expect(page.get_by_label("Phone")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("The message they would get")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert not SupportContact.objects.exists()
    assert_no_serious_violations(page)


def test_the_community_page_has_no_serious_accessibility_problems(
    phone_page: Page, live_server, member, other_member, coordinator
):
    group = alumni_group(coordinator, member, other_member)
    going = event(group, MEETING, timedelta(days=1), capacity=12)
    Rsvp.objects.create(event=going, member=member)
    full = event(group, BOWLING, timedelta(days=2), kind=EventKind.SOCIAL, capacity=1)
    Rsvp.objects.create(event=full, member=other_member)
    event(
        group,
        "Budgeting workshop",
        timedelta(days=4),
        kind=EventKind.WORKSHOP,
        place="",
        online_url="https://meet.example.org/budget",
    )
    peer = UserFactory(display_name="Taylor", program=member.program, volunteers_as_peer=True)
    PeerPairing.objects.create(member=member, peer=peer, proposed_by=coordinator)

    page = phone_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/community/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Community")
    expect(page.get_by_role("article")).to_have_count(3)
    expect(page.get_by_role("button", name=re.compile(r"^Full"))).to_be_disabled()
    expect(page.get_by_role("button", name="Yes")).to_be_visible()  # the peer proposal
    assert_no_serious_violations(page)


@pytest.fixture
def busy_program(member, other_member, coordinator, riley) -> AlumniGroup:
    """A group with check-ins, events past, present and future, a drifter and a due follow-up."""
    seed_ten_days(member)
    riley.program_messages = True
    riley.save(update_fields=["program_messages"])
    UserFactory(
        display_name="Quinn",
        program=member.program,
        date_joined=timezone.now() - timedelta(days=30),
    )
    group = alumni_group(coordinator, member, other_member, riley)
    past = event(group, "Alumni dinner", timedelta(days=-9), kind=EventKind.SOCIAL)
    Rsvp.objects.create(event=past, member=member, attended=True)
    Rsvp.objects.create(event=past, member=other_member, attended=False)
    now_on = event(group, MEETING, timedelta(minutes=-30), capacity=12)
    Rsvp.objects.create(event=now_on, member=member)
    event(group, BOWLING, timedelta(days=3), kind=EventKind.SOCIAL, capacity=8)
    Outreach.objects.create(
        member=other_member,
        coordinator=coordinator,
        method=OutreachMethod.TEXT,
        outcome=OutreachOutcome.MESSAGE,
        note="Asked about Thursday.",
        follow_up_on=program_today(),
        created_at=timezone.now() - timedelta(days=3),
    )
    return group


def test_the_alumni_overview_has_no_serious_accessibility_problems(
    page: Page, live_server, coordinator, busy_program
):
    sign_in(page, live_server, coordinator.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Alumni overview")
    main = page.get_by_role("main")
    due = main.get_by_role("region", name="Follow-ups due").locator("tbody").get_by_role("row")
    expect(due).to_have_text([re.compile(r"^\s*Sam\b")])
    expect(main.get_by_text("2 members have not been seen for more than 14 days.")).to_be_visible()
    assert_no_serious_violations(page)


def test_the_drift_list_has_no_serious_accessibility_problems(
    page: Page, live_server, coordinator, busy_program
):
    sign_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/alumni/drift/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Drifting away")
    rows = page.get_by_role("main").get_by_role("table").locator("tbody").get_by_role("row")
    expect(rows).to_have_text([starts_with("Riley"), starts_with("Quinn")])
    assert_no_serious_violations(page)


def test_an_event_page_with_attendance_to_record_has_no_serious_accessibility_problems(
    page: Page, live_server, coordinator, busy_program
):
    started = Event.objects.get(title=MEETING)
    sign_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/alumni/events/{started.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(MEETING)
    expect(page.get_by_role("group", name="Did Alex come?")).to_be_enabled()
    expect(page.get_by_role("combobox", name="Came without an RSVP")).to_be_visible()
    assert_no_serious_violations(page)


def test_a_group_page_with_its_engagement_chart_has_no_serious_accessibility_problems(
    page: Page, live_server, coordinator, busy_program
):
    sign_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/alumni/groups/{busy_program.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(GROUP)
    chart = page.get_by_role("img", name=re.compile(r"^Active members each week"))
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(12)
    page.get_by_text("Show the numbers").click()
    expect(page.get_by_role("table", name=re.compile("^Active members each week"))).to_be_visible()
    assert_no_serious_violations(page)
