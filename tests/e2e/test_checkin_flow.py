"""The daily HALT check-in and the return-to-use flow, in a real browser."""

from __future__ import annotations

import copy
import re
import time
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from accounts.models import User
from checkins.models import CheckIn, Medication, UseKind, UseReport
from checkins.progress import local_date
from plans.demo import ALEX_PLAN
from plans.versions import write_plan
from tests.e2e.helpers import expect_help_panel_open, sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

CRAVING_QUESTION = "Craving right now, from 0 (none) to 10 (the strongest)"
MEDICATION_QUESTION = "Maintenance medication taken today?"
SUPPORT_QUESTION = "Did you talk with a support person or go to a meeting today?"
USED_QUESTION = "Did you use today?"
SIGNS_QUESTION = "Which of your warning signs did you notice?"
CRAVING_CARD = "A strong craving passes. You've planned for this."
CRAVING_ACTION = "When a craving hits 7 or more → I call my sponsor and go to a meeting tonight"
COPING_SKILL = "Box breathing for five minutes"
MARCUS_TEL = "tel:+12025550143"
TELL_MESSAGE = (
    "Alex asked Waypoint to let you know they're going through a hard time right now "
    "and would like to hear from you soon."
)
TRIGGER = "Running into my old crew outside the gas station"
WILL_CHANGE = "Take the long way home and call Marcus from the car"
UNDER_A_MINUTE = 60.0


@pytest.fixture
def alex_with_plan(member: User) -> User:
    """Alex with the demo plan saved (support contacts, action steps, coping skills...)."""
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    return member


def question(page: Page, legend: str) -> Locator:
    """One question of a form: the fieldset whose legend is the question."""
    return page.get_by_role("group", name=legend, exact=True)


def tap_answer(page: Page, legend: str, answer: str) -> None:
    """Tap an answer's big button (the label of a visually hidden radio) and see it chosen."""
    group = question(page, legend)
    group.get_by_text(answer, exact=True).tap()
    expect(group.get_by_role("radio", name=answer, exact=True)).to_be_checked()


def card(page: Page, title: str) -> Locator:
    """A response card (a section labelled by its heading)."""
    return page.get_by_role("region", name=title, exact=True)


def counter(page: Page, label: str) -> Locator:
    """The number of one of the history page's counters ("days checked in", ...)."""
    return page.locator(".counters .card").filter(has_text=label).locator(".fs-3")


def short_day(day: date) -> str:
    """A day as the history table writes it (Django's "D M j"), e.g. "Mon Sep 7"."""
    return f"{day:%a %b} {day.day}"


def test_a_member_on_a_phone_checks_in_by_tapping_and_sees_their_own_plan_in_under_a_minute(
    phone_page: Page, live_server, alex_with_plan, screenshot
):
    page = phone_page
    sign_in(page, live_server, alex_with_plan.email)
    expect(page).to_have_url(f"{live_server.url}/today/")

    started = time.monotonic()
    page.get_by_role("link", name="Check in now").tap()
    expect(page).to_have_url(f"{live_server.url}/checkin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's check-in")

    tap_answer(page, "Hungry", "Quite")
    tap_answer(page, "Angry", "None")
    tap_answer(page, "Lonely", "Very")
    tap_answer(page, "Tired", "A little")
    tap_answer(page, CRAVING_QUESTION, "8")
    tap_answer(page, "Mood", "Low")
    page.get_by_label("Hours slept last night").fill("6")
    tap_answer(page, MEDICATION_QUESTION, "Yes")
    tap_answer(page, SUPPORT_QUESTION, "No")
    sign = question(page, SIGNS_QUESTION).get_by_label("Skipping Thursday group")
    sign.tap()
    expect(sign).to_be_checked()
    tap_answer(page, USED_QUESTION, "No")

    shot_started = time.monotonic()
    screenshot(page, "checkin-phone")
    screenshot_seconds = time.monotonic() - shot_started  # the test's time, not the member's

    page.get_by_role("button", name="Save check-in").tap()
    expect(page).to_have_url(f"{live_server.url}/checkin/response/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thanks for checking in")
    page.wait_for_load_state("load")
    elapsed = time.monotonic() - started - screenshot_seconds
    print(f"check-in on a phone, from opening /checkin/ to the response page: {elapsed:.2f} s")
    assert elapsed < UNDER_A_MINUTE, f"the check-in took {elapsed:.1f} s, not under a minute"

    saved = CheckIn.objects.get(member=alex_with_plan)
    assert (saved.hungry, saved.angry, saved.lonely, saved.tired) == (2, 0, 3, 1)
    assert (saved.craving, saved.mood, saved.sleep_hours) == (8, 2, Decimal("6.0"))
    assert saved.medication == Medication.YES
    assert (saved.support_contact, saved.used_today) == (False, False)
    assert [s["text"] for s in saved.noticed_signs] == ["Skipping Thursday group"]

    # The craving card comes first and is made of the member's own plan.
    craving = card(page, CRAVING_CARD)
    expect(page.get_by_role("main").get_by_role("region").first).to_have_class(
        re.compile(r"\bresponse-craving\b")
    )
    expect(craving.get_by_role("listitem").filter(has_text=CRAVING_ACTION)).to_be_visible()
    expect(craving.get_by_role("listitem").filter(has_text=COPING_SKILL)).to_be_visible()
    marcus = craving.get_by_role("listitem").filter(has_text=re.compile(r"^\s*Marcus\b"))
    expect(marcus.get_by_role("link", name="Call")).to_have_attribute("href", MARCUS_TEL)
    get_help = craving.get_by_role("button", name="Get help now")
    expect(get_help).to_be_visible()
    # The other answers get their own cards: the warning sign, loneliness, hunger.
    expect(card(page, "You noticed some of your warning signs")).to_contain_text(
        "Skipping Thursday group"
    )
    expect(card(page, "Reach one person today")).to_be_visible()
    expect(card(page, "Eat something soon")).to_contain_text("Breakfast before my shift")
    screenshot(page, "checkin-response-phone")

    get_help.tap()
    expect_help_panel_open(page)
    expect(page).to_have_url(f"{live_server.url}/checkin/response/")


def test_a_member_who_used_sees_the_safety_screen_first_then_records_and_reflects_on_it(
    phone_page: Page, live_server, alex_with_plan, counselor, screenshot
):
    page = phone_page
    sign_in(page, live_server, alex_with_plan.email)
    expect(page).to_have_url(f"{live_server.url}/today/")

    page.get_by_role("main").get_by_role("button", name="I used. Help me now.").tap()
    expect(page).to_have_url(f"{live_server.url}/checkin/now/")
    main = page.get_by_role("main")
    # The tap saved the report; the later form adds to it rather than making a second.
    expect(main.get_by_role("status")).to_contain_text("you said you used")
    expect(page.get_by_role("heading", level=1)).to_have_text("First, your safety")
    guidance = main.get_by_role("alert")
    expect(guidance.get_by_role("heading")).to_have_text("Overdose risk is higher right now")
    expect(guidance.get_by_role("listitem")).to_contain_text(
        [
            "Your tolerance is lower after time without using.",
            "Don't use alone.",
            "Keep naloxone (Narcan) where you and others can reach it.",
            "call 911 and give naloxone",
        ]
    )
    expect(main.locator('a[href="tel:911"]')).to_be_visible()
    expect(main.locator('a[href="tel:988"]')).to_be_visible()
    expect(main.locator("form, input, select, textarea")).to_have_count(0)  # nothing to fill in
    screenshot(page, "use-safety-phone")

    main.get_by_role("link", name="Tell someone now").tap()
    expect(page).to_have_url(f"{live_server.url}/checkin/now/tell/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell one person")
    marcus = main.get_by_role("listitem").filter(has_text=re.compile(r"^\s*Marcus\b"))
    expect(marcus.get_by_role("link", name="Call")).to_have_attribute("href", MARCUS_TEL)
    tell = main.get_by_role("region", name="Let Casey know")
    expect(tell.locator("blockquote")).to_have_text(TELL_MESSAGE)
    expect(tell.get_by_role("button", name="Send this message")).to_be_visible()

    main.get_by_role("link", name="Next: write down what happened").tap()
    expect(page).to_have_url(f"{live_server.url}/checkin/now/record/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What happened")
    two_hours_ago = timezone.now() - timedelta(hours=2)
    local = timezone.localtime(two_hours_ago, ZoneInfo(alex_with_plan.timezone))
    page.get_by_label("When").fill(f"{local:%Y-%m-%dT%H:%M}")
    lapse = page.get_by_label("A lapse (a single use)")
    lapse.tap()
    expect(lapse).to_be_checked()
    page.get_by_label("Notes (optional)").fill("After the shift, on the way home")
    page.get_by_role("button", name="Save", exact=True).tap()

    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/checkin/now/\d+/$"))
    report = UseReport.objects.get(member=alex_with_plan)
    assert report.kind == UseKind.LAPSE
    assert report.occurred_at == two_hours_ago.replace(second=0, microsecond=0)
    expect(page.get_by_role("heading", level=1)).to_have_text("You took the hard step")
    expect(main.get_by_text(f"{local:%b} {local.day}, {local:%Y %H:%M}: A lapse")).to_be_visible()

    main.get_by_role("link", name="Reflect on it").tap()
    expect(page).to_have_url(f"{live_server.url}/checkin/now/{report.pk}/reflect/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get curious, not critical")
    page.get_by_label("Was there a trigger?").fill(TRIGGER)
    page.get_by_label("What will you do differently next time?").fill(WILL_CHANGE)
    page.get_by_role("button", name="Save my reflection").tap()

    expect(page).to_have_url(f"{live_server.url}/checkin/now/{report.pk}/")
    expect(main.get_by_role("status")).to_have_text(
        "Saved. Thank you for looking at it with curiosity."
    )
    reflection = main.get_by_role("region", name="Get curious, not critical")
    expect(reflection.locator("dd")).to_have_text([TRIGGER, WILL_CHANGE])
    # The member says where the trigger came from; it is never assumed.
    reflection.get_by_role("group", name="Where did the trigger come from?").get_by_label(
        "Around me (people, places, things)"
    ).check()
    reflection.get_by_role("button", name="Add the trigger to my plan").tap()

    expect(page).to_have_url(f"{live_server.url}/plan/triggers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My triggers")
    expect(main.get_by_role("status")).to_have_text(
        "Added to “My triggers”. Reword it if you like."
    )
    # The demo plan has four triggers: the new one is the fifth line, ready to reword.
    new_line = main.get_by_role("group", name="Line 5", exact=True)
    expect(new_line.get_by_label("Trigger", exact=True)).to_have_value(TRIGGER)
    expect(new_line.get_by_label("Where it comes from")).to_have_value("external")


def seed_ten_days(member: User, *, used_days_ago: int = 4) -> list[date]:
    """Check-ins for the last ten days (today included); one of them a day with use."""
    today = local_date(member.timezone)
    days = [today - timedelta(days=n) for n in range(10)]
    for n, day in enumerate(days):
        CheckIn.objects.create(
            member=member,
            local_date=day,
            hungry=n % 4,
            angry=(n + 1) % 4,
            lonely=(n + 2) % 4,
            tired=1,
            craving=min(9, n),
            mood=1 + n % 5,
            sleep_hours=Decimal("6.5"),
            medication=Medication.YES,
            support_contact=n % 2 == 0,
            used_today=n == used_days_ago,
        )
    return days


def test_the_history_page_shows_the_counters_the_chart_and_every_day(
    phone_page: Page, live_server, member, screenshot
):
    days = seed_ten_days(member, used_days_ago=4)
    page = phone_page
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkins/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My check-ins")

    # Ten days from the first check-in: five before the day with use, four since (today too).
    expect(counter(page, "days checked in")).to_have_text("10")
    expect(counter(page, "days without use, in all")).to_have_text("9")
    expect(counter(page, "days in this run")).to_have_text("4")
    expect(counter(page, "longest run")).to_have_text("5")

    chart = page.locator('svg[role="img"]')
    expect(chart).to_have_count(1)
    expect(chart.locator("> title")).to_have_text(
        "HALT total and craving, last 14 days"
    )  # a new member
    expect(page.get_by_role("img", name=re.compile(r"^HALT total and craving"))).to_be_visible()
    expect(chart.locator("polyline")).to_have_count(2)
    used_day = days[4]
    expect(chart.locator("line > title")).to_have_text([f"Use reported on {used_day:%Y-%m-%d}"])

    rows = page.get_by_role("region", name="Recent check-ins").locator("tbody tr")
    expect(rows).to_have_count(10)
    expect(rows.first.get_by_role("cell").first).to_have_text(short_day(days[0]))
    used_row = rows.filter(has_text=short_day(used_day))
    expect(used_row.get_by_role("cell").last).to_have_text("yes")
    expect(rows.filter(has_text="yes")).to_have_count(1)
    screenshot(page, "checkin-history-phone")


# --- Accessibility -----------------------------------------------------------------------


def test_the_checkin_form_with_and_without_errors_has_no_serious_accessibility_problems(
    page: Page, live_server, alex_with_plan
):
    sign_in(page, live_server, alex_with_plan.email)
    page.goto(f"{live_server.url}/checkin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's check-in")
    expect(question(page, SIGNS_QUESTION)).to_be_visible()
    assert_no_serious_violations(page)

    question(page, "Hungry").get_by_text("None", exact=True).click()  # and nothing else
    page.get_by_role("button", name="Save check-in").click()
    expect(page).to_have_url(f"{live_server.url}/checkin/")
    expect(question(page, "Angry").get_by_text("Please tap one.")).to_be_visible()
    expect(question(page, SUPPORT_QUESTION).get_by_text("Please answer yes or no.")).to_be_visible()
    expect(page.get_by_label("Hours slept last night")).to_have_attribute("aria-invalid", "true")
    expect(question(page, "Hungry").get_by_role("radio", name="None")).to_be_checked()
    assert not CheckIn.objects.exists()
    assert_no_serious_violations(page)


def test_the_medication_question_offers_only_real_answers_and_none_is_chosen_for_the_member(
    page: Page, live_server, member
):
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkin/")
    medication = question(page, MEDICATION_QUESTION)
    expect(medication).to_be_visible()

    assert medication.locator("label").all_inner_texts() == ["Yes", "No", "Not prescribed"]
    assert medication.get_by_role("radio", checked=True).count() == 0


def test_the_response_page_has_no_serious_accessibility_problems(
    page: Page, live_server, alex_with_plan
):
    plan_signs = alex_with_plan.plan.content["warning_signs"]
    CheckIn.objects.create(
        member=alex_with_plan,
        local_date=local_date(alex_with_plan.timezone),
        hungry=3,
        angry=2,
        lonely=2,
        tired=3,
        craving=9,
        mood=1,
        sleep_hours=Decimal("4"),
        medication=Medication.NO,
        support_contact=False,
        noticed_signs=plan_signs[:2],
    )
    sign_in(page, live_server, alex_with_plan.email)
    page.goto(f"{live_server.url}/checkin/response/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thanks for checking in")
    expect(page.get_by_role("main").get_by_role("region")).to_have_count(
        8
    )  # every card (mood 1 brings the low-mood card)
    assert_no_serious_violations(page)


def test_the_safety_screen_has_no_serious_accessibility_problems(page: Page, live_server, member):
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkin/now/")
    expect(page.get_by_role("heading", level=1)).to_have_text("First, your safety")
    assert_no_serious_violations(page)


def test_the_history_page_has_no_serious_accessibility_problems(page: Page, live_server, member):
    seed_ten_days(member)
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/checkins/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My check-ins")
    assert_no_serious_violations(page)
