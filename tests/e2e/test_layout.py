"""Layout and the words around times and people, on a phone and a desktop: the version
compare complete on a phone, times with their zone when it is not the viewer's, the curated
time-zone picker with its search, whom a member is offered to share with, and the 42 CFR part 2
notice short on a phone in both languages.

(Every page's width at 320 px and the menu at desktop widths: test_every_page.py.)
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.models import Role, User
from alumni.models import AlumniGroup, Event, GroupMembership
from plans.demo import ALEX_PLAN
from plans.versions import write_plan
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations
from tests.factories import CareAssignmentFactory, ConsentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
NARROWEST = {**PHONE, "viewport": {"width": 320, "height": 640}}


@pytest.fixture(params=["narrowest", "phone", "desktop"])
def any_page(request, browser: Browser, browser_context_args: dict) -> Iterator[Page]:
    size = {"narrowest": NARROWEST, "phone": PHONE, "desktop": DESKTOP}[request.param]
    context = browser.new_context(**{**browser_context_args, **size})
    yield context.new_page()
    context.close()


def _inside_the_screen(page: Page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0, box
    assert box["x"] + box["width"] <= page.viewport_size["width"], box


def test_the_version_compare_says_the_new_order_and_shows_every_column_on_a_phone(
    any_page: Page, live_server, member
):
    plan = write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[]).content
    reasons = plan["reasons"]  # with their ids now, so a move is a move
    write_plan(
        member, {**plan, "reasons": [reasons[-1], *reasons[:-1]]}, author=member, finished=[]
    )
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/plan/history/")

    for version in (1, 2):
        for end in ("from", "to"):
            radio = page.get_by_role("radio", name=f"Compare {end} version {version}")
            expect(radio).to_be_visible()
            _inside_the_screen(page, radio)
    page.get_by_role("button", name="Show what changed").click()

    changes = page.get_by_role("region", name="What changed from version 1 to version 2")
    new_order = changes.get_by_role("listitem").filter(has_text="Put in a new order")
    expect(new_order.get_by_role("listitem")).to_have_text(
        [r["text"] for r in [reasons[-1], *reasons[:-1]]]
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert_no_serious_violations(page)


@pytest.fixture
def meeting(member: User, coordinator: User) -> Event:
    """Next Tuesday's in-person meeting at 7 PM on the program's clock (New York)."""
    group = AlumniGroup.objects.create(name="Tuesday evening alumni", program=member.program)
    group.coordinators.add(coordinator)
    GroupMembership.objects.create(group=group, member=member)
    program = ZoneInfo("America/New_York")
    today = timezone.localdate(timezone.now(), program)
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    start = datetime.combine(tuesday, datetime.min.time(), program).replace(hour=19)
    return Event.objects.create(
        title="Tuesday alumni meeting",
        kind="meeting",
        group=group,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Community room, 2nd floor",
        created_by=coordinator,
    )


def test_a_member_in_denver_sees_a_meetings_time_with_its_zone_and_their_own(
    any_page: Page, live_server, member, meeting, settings
):
    settings.TIME_ZONE = "America/New_York"
    User.objects.filter(pk=member.pk).update(timezone="America/Denver")
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/community/")

    card = page.get_by_role("article").filter(has_text="Tuesday alumni meeting")
    offset = (
        "EST"
        if meeting.starts_at.astimezone(ZoneInfo("America/New_York")).dst() == timedelta(0)
        else "EDT"
    )
    mine = "MST" if offset == "EST" else "MDT"
    expect(card).to_contain_text(
        re.compile(
            rf"Tuesday, \w+ \d+, 7:00 PM \u2013 9:00 PM {offset} "
            rf"\(5:00 PM \u2013 7:00 PM {mine}, your time\)"
        )
    )

    # In the program's own zone the time stands alone.
    User.objects.filter(pk=member.pk).update(timezone="America/New_York")
    page.reload()
    expect(card).to_contain_text(re.compile(r"7:00 PM \u2013 9:00 PM · Meeting"))
    expect(card).not_to_contain_text("your time")


def test_the_time_zone_picker_puts_common_zones_first_and_finds_a_city_by_search(
    any_page: Page, live_server, member
):
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/account/")
    picker = page.get_by_role("combobox", name="Your time zone")
    expect(picker.locator("optgroup").first).to_have_attribute(
        "label", "Common in the United States"
    )
    expect(picker.locator("optgroup").first.locator("option").first).to_have_text(
        "Eastern time (New York, Atlanta, Miami)"
    )
    for legacy in ("W-SU", "localtime", "US/Eastern", "Etc/GMT+5"):
        expect(picker.locator(f'option[value="{legacy}"]')).to_have_count(0)

    search = page.get_by_role("searchbox", name="Search time zones")
    search.fill("salt lake")
    expect(picker).to_have_value("America/Denver")
    expect(search).to_have_accessible_description("Chosen: Mountain time (Denver, Salt Lake City)")
    search.fill("lisbon")
    expect(picker).to_have_value("Europe/Lisbon")
    expect(picker.locator('option[value="America/Denver"]')).to_be_hidden()
    assert_no_serious_violations(page)
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("main").get_by_role("status")).to_be_visible()
    member.refresh_from_db()
    assert member.timezone == "Europe/Lisbon"


def test_a_spanish_speaking_member_finds_a_zone_by_its_spanish_name(
    any_page: Page, live_server, member
):
    User.objects.filter(pk=member.pk).update(language="es")
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/account/")
    picker = page.get_by_role("combobox", name="Tu zona horaria")
    search = page.get_by_role("searchbox", name="Buscar zonas horarias")
    search.fill("nueva york")
    expect(picker).to_have_value("America/New_York")
    search.fill("abidjan")
    expect(picker).to_have_value("Africa/Abidjan")
    expect(search).to_have_accessible_description("Elegida: Abidjan (África)")
    page.get_by_role("button", name="Guardar").click()

    expect(page.get_by_role("main").get_by_role("status")).to_be_visible()
    member.refresh_from_db()
    assert member.timezone == "Africa/Abidjan"


def test_a_member_is_offered_only_their_care_team_and_program_staff_to_share_with(
    any_page: Page, live_server, member, counselor, coordinator
):
    UserFactory(
        role=Role.COORDINATOR,
        display_name="Program Admin",
        program=member.program,
        is_staff=True,
        is_superuser=True,
    )
    UserFactory(
        role=Role.COUNSELOR, display_name="Someone else's counselor", program=member.program
    )
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    page = any_page
    sign_in(page, live_server, member.email)

    page.goto(f"{live_server.url}/account/sharing/")
    recipient = page.get_by_role("combobox", name="Share with")
    expect(recipient.locator("option")).to_have_text(["Choose a person", "Casey", "Jordan"])

    # Casey already sees the plan: the plan page says so instead of offering to share.
    page.goto(f"{live_server.url}/plan/")
    actions = page.get_by_role("navigation", name="Plan actions")
    expect(actions.get_by_role("link", name="Shared with Casey")).to_be_visible()
    expect(actions.get_by_role("link", name="Share with my counselor")).to_have_count(0)


NOTICE_TITLE = {
    "en": "Protected record: do not share it further",
    "es": "Expediente protegido: no lo compartas con nadie más",
}
NOTICE_START = {
    "en": "This record which has been disclosed to you is protected",
    "es": "Este expediente que se le ha divulgado está protegido",
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_on_a_phone_the_part_2_notice_is_short_and_its_full_text_opens_from_the_keyboard(
    browser: Browser, browser_context_args: dict, live_server, member, counselor, language
):
    for n in range(24):  # a full page of the caseload: 25 consents relied on
        person = UserFactory(display_name=f"Member {n:02d}")
        CareAssignmentFactory(counselor=counselor, member=person)
        ConsentFactory(member=person, recipient=counselor)
    context = browser.new_context(**{**browser_context_args, **PHONE})
    page = context.new_page()
    sign_in(page, live_server, counselor.email)  # in English (the helper reads English words)
    User.objects.filter(pk=counselor.pk).update(language=language)
    page.reload()

    notice = page.get_by_role("complementary", name=NOTICE_TITLE[language])
    full = notice.get_by_text(NOTICE_START[language])
    expect(full).to_be_attached()
    expect(full).to_be_hidden()
    # It used to be over 900 px (2,400 with 25 consents): the caseload began a screen down.
    box = notice.bounding_box()
    assert box is not None and box["height"] <= 250, box
    filters = page.locator(".caseload-filters").bounding_box()
    assert filters is not None and filters["y"] < PHONE["viewport"]["height"] / 2, filters

    disclosure = notice.locator("summary")
    disclosure.focus()
    page.keyboard.press("Enter")
    expect(full).to_be_visible()
    expect(notice.get_by_role("listitem")).to_have_count(25)
    assert_no_serious_violations(page)
    # Where there is room, the full text is open from the start.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    expect(full).to_be_visible()
    context.close()


def test_enter_in_the_zone_search_goes_to_the_choice_and_saves_nothing(
    any_page: Page, live_server, member
):
    before = member.timezone
    page = any_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/account/")
    search = page.get_by_role("searchbox", name="Search time zones")
    search.fill("chicago")
    search.press("Enter")

    picker = page.get_by_role("combobox", name="Your time zone")
    expect(picker).to_be_focused()
    expect(picker).to_have_value("America/Chicago")
    expect(page.get_by_role("main").get_by_role("status")).to_have_count(0)  # no "Saved."
    member.refresh_from_db()
    assert member.timezone == before != "America/Chicago"
