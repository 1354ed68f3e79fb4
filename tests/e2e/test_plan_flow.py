"""Writing a relapse-prevention plan, and a counselor reviewing it, in a real browser."""

from __future__ import annotations

import copy
import re

import pytest
from playwright.sync_api import Dialog, Locator, Page, expect

from accounts.models import User
from plans.demo import ALEX_PLAN
from plans.models import Plan, PlanComment, PlanReview, ReviewStatus
from plans.sections import SECTIONS
from plans.versions import write_plan
from tests.e2e.conftest import ARTIFACTS_DIR
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations
from tests.factories import CareAssignmentFactory, ConsentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

REASONS = ("Being there for my niece on Sundays", "Finishing my nursing course")
TRIGGER = "Payday Fridays"
REVIEW_NOTE = "A good start, Riley. Let's add your warning signs together next week."
TRIGGER_COMMENT = "Could long weekends with no plans be a trigger too?"
SCRIPT = "<script>alert(1)</script>"
PDF_PAGE = re.compile(rb"/Type\s*/Page[^s]")


@pytest.fixture
def riley(db) -> User:
    """A new member with no plan yet, sharing only their plan with counselor Casey."""
    member = UserFactory(display_name="Riley")
    link = CareAssignmentFactory(member=member, counselor__display_name="Casey")
    ConsentFactory(
        member=member, recipient=link.counselor, scope_checkins=False, scope_alerts=False
    )
    return member


@pytest.fixture
def casey(riley: User) -> User:
    return riley.care_team.get().counselor


def line(page: Page, n: int) -> Locator:
    """One line of a list section's form: a fieldset whose legend is "Line n"."""
    return page.get_by_role("group", name=f"Line {n}", exact=True)


def section_card(page: Page, title: str) -> Locator:
    """A section of the plan as shown on the overview or client page (a labelled region)."""
    return page.get_by_role("region", name=title, exact=True)


def seed_full_plan(member: User) -> Plan:
    """Alex's complete demo plan, saved as one version with every part done."""
    version = write_plan(
        member,
        copy.deepcopy(ALEX_PLAN),
        author=member,
        finished=[s.key for s in SECTIONS],
    )
    return version.plan


def comment_on(plan: Plan, section: str, counselor: User) -> None:
    PlanComment.objects.create(
        plan=plan,
        section=section,
        author=counselor,
        body=TRIGGER_COMMENT,
        version_number=plan.revision,
    )


def test_a_member_writes_part_of_a_plan_on_a_phone_and_sees_the_counselors_review_beside_it(
    phone_page: Page, page: Page, live_server, riley, casey, screenshot
):
    phone = phone_page
    sign_in(phone, live_server, riley.email)
    expect(phone).to_have_url(f"{live_server.url}/today/")

    # "My plan" sits in the collapsed menu on a phone.
    menu = phone.get_by_role("navigation", name="Main")
    menu.get_by_role("button", name="Menu").tap()
    # Once the collapse has finished: a tap mid-slide can land on a neighbouring link.
    expect(phone.locator("#nav-links")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    menu.get_by_role("link", name="My plan", exact=True).tap()
    expect(phone).to_have_url(f"{live_server.url}/plan/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Let's write your plan")

    phone.get_by_role("link", name="Start with my reasons").tap()
    expect(phone).to_have_url(f"{live_server.url}/plan/reasons/?guided=1")
    expect(phone.get_by_text("Part 1 of 13", exact=True)).to_be_visible()
    expect(phone.get_by_role("progressbar", name="Progress")).to_have_attribute(
        "aria-valuenow", "1"
    )
    expect(phone.get_by_role("heading", level=1)).to_have_text("My reasons for recovery")
    line(phone, 1).get_by_label("A reason").fill(REASONS[0])
    line(phone, 2).get_by_label("A reason").fill(REASONS[1])
    phone.get_by_role("button", name="Save and continue").tap()

    expect(phone).to_have_url(f"{live_server.url}/plan/triggers/?guided=1")
    expect(phone.get_by_text("Part 2 of 13", exact=True)).to_be_visible()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My triggers")
    first = line(phone, 1)
    first.get_by_label("Trigger", exact=True).fill(TRIGGER)
    first.get_by_label("Where it comes from").select_option("external")
    first.get_by_label("Note (optional)").fill("Cash in my pocket")
    phone.get_by_role("button", name="Save and finish later").tap()

    expect(phone).to_have_url(f"{live_server.url}/plan/#section-triggers")
    expect(phone.get_by_role("heading", level=1)).to_have_text("My plan")
    # "Save and continue" finished the reasons; "Save and finish later" leaves triggers open.
    expect(phone.get_by_text("1 of 13 parts done.")).to_be_visible()
    reasons = section_card(phone, "My reasons for recovery")
    expect(reasons.get_by_role("listitem")).to_have_text(list(REASONS))
    expect(reasons.get_by_text("Done", exact=True)).to_be_visible()
    triggers = section_card(phone, "My triggers")
    expect(triggers.get_by_role("listitem")).to_have_text(
        [
            f"{TRIGGER} · Where it comes from: Around me (people, places, things) · "
            "Note (optional): Cash in my pocket"
        ]
    )
    expect(triggers.get_by_text("Not finished", exact=True)).to_be_visible()
    screenshot(phone, "plan-overview-phone")

    # The counselor, in a browser of their own.
    sign_in(page, live_server, casey.email)
    expect(page).to_have_url(f"{live_server.url}/counselor/")
    row = page.get_by_role("row", name=re.compile("Riley"))
    expect(row.locator("td[data-label=Plan]")).to_have_text("In progress")
    row.get_by_role("link", name="Riley").click()

    expect(page).to_have_url(f"{live_server.url}/counselor/clients/{riley.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Riley")
    client_reasons = section_card(page, "My reasons for recovery")
    expect(client_reasons.get_by_role("listitem")).to_have_text(list(REASONS))
    expect(page.get_by_role("link", name=re.compile("^Edit "))).to_have_count(0)  # read-only
    page.get_by_role("radio", name="Reviewed", exact=True).check()
    page.get_by_label("Note to the member").fill(REVIEW_NOTE)
    page.get_by_role("button", name="Save review of version 2").click()

    expect(page.get_by_text("Review saved. Riley will see it beside their plan.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Casey reviewed version 2 on"))).to_be_visible()
    client_triggers = section_card(page, "My triggers")
    client_triggers.get_by_text("Comment on My triggers").click()  # opens the comment box
    client_triggers.get_by_label("Your comment").fill(TRIGGER_COMMENT)
    client_triggers.get_by_role("button", name="Add comment").click()

    expect(page.get_by_text("Comment added.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"#section-triggers$"))
    expect(client_triggers.get_by_text(TRIGGER_COMMENT)).to_be_visible()
    screenshot(page, "counselor-client-plan")
    page.get_by_role("link", name="Back to caseload").click()
    expect(
        page.get_by_role("row", name=re.compile("Riley")).locator("td[data-label=Plan]")
    ).to_have_text("Reviewed")

    # Back on the member's phone.
    phone.goto(f"{live_server.url}/plan/")
    status = phone.get_by_role("main").locator(".alert").filter(has_text="reviewed version")
    expect(status).to_contain_text(
        re.compile(r"Casey reviewed version 2 on \w{3} \d{1,2}, \d{4}\.")
    )
    expect(status).to_contain_text(REVIEW_NOTE)
    triggers = section_card(phone, "My triggers")
    expect(triggers.get_by_text(TRIGGER_COMMENT)).to_be_visible()
    expect(triggers.get_by_text(re.compile(r"^Casey wrote on "))).to_be_visible()
    expect(
        section_card(phone, "My reasons for recovery").get_by_text(TRIGGER_COMMENT)
    ).to_have_count(0)
    screenshot(phone, "plan-reviewed-phone")


def test_a_reason_that_looks_like_a_script_is_shown_as_plain_text(page: Page, live_server, member):
    dialogs: list[str] = []

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/plan/reasons/")
    line(page, 1).get_by_label("A reason").fill(SCRIPT)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/plan/#section-reasons")
    expect(page.get_by_text(SCRIPT, exact=True)).to_be_visible()
    expect(section_card(page, "My reasons for recovery").locator("script")).to_have_count(0)

    page.goto(f"{live_server.url}/plan/reasons/")  # and back in its form field, unchanged
    expect(line(page, 1).get_by_label("A reason")).to_have_value(SCRIPT)
    assert dialogs == [], f"the page ran the member's text as code: {dialogs}"


def test_a_complete_plan_prints_on_one_letter_page_with_the_crisis_card(
    page: Page, live_server, member
):
    seed_full_plan(member)
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/plan/print/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Alex's plan")
    expect(page.get_by_role("heading", name="Crisis card: cut out and keep")).to_be_visible()
    expect(page.get_by_text(ALEX_PLAN["reasons"][0]["text"])).to_be_visible()

    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    pdf_path = ARTIFACTS_DIR / "plan-print.pdf"
    pdf = page.pdf(path=str(pdf_path), format="Letter")

    pages = len(PDF_PAGE.findall(pdf))
    assert pages == 1, f"the printed plan takes {pages} Letter pages, not 1 (see {pdf_path})"


def test_the_triggers_form_with_a_comment_and_a_mistake_has_no_serious_accessibility_problems(
    page: Page, live_server, member, counselor
):
    plan = seed_full_plan(member)
    comment_on(plan, "triggers", counselor)
    sign_in(page, live_server, member.email)

    page.goto(f"{live_server.url}/plan/triggers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My triggers")
    expect(line(page, 5)).to_be_visible()  # four saved lines and an empty one
    expect(page.get_by_text(TRIGGER_COMMENT)).to_be_visible()
    assert_no_serious_violations(page)

    page.goto(f"{live_server.url}/plan/triggers/?guided=1")
    expect(page.get_by_text("Part 2 of 13", exact=True)).to_be_visible()
    assert_no_serious_violations(page)

    line(page, 5).get_by_label("Trigger", exact=True).fill("Loud parties")
    page.get_by_role("button", name="Save and continue").click()  # without "Where it comes from"
    expect(line(page, 5).get_by_text("Please choose one.")).to_be_visible()
    assert_no_serious_violations(page)


def test_the_plan_overview_with_a_review_and_comments_has_no_serious_accessibility_problems(
    page: Page, live_server, member, counselor
):
    plan = seed_full_plan(member)
    PlanReview.objects.create(
        plan=plan,
        version_number=plan.revision,
        counselor=counselor,
        status=ReviewStatus.CHANGES_SUGGESTED,
        note="Let's talk about the back pain next session.",
    )
    for section in ("triggers", "coping"):
        comment_on(plan, section, counselor)
    sign_in(page, live_server, member.email)

    page.goto(f"{live_server.url}/plan/")
    expect(page.get_by_text("13 of 13 parts done.")).to_be_visible()
    expect(page.get_by_text(re.compile("Casey suggested changes to version 1"))).to_be_visible()
    assert_no_serious_violations(page)


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}]
)
def test_a_moved_line_is_named_by_its_new_place_and_saving_returns_to_that_part(
    page: Page, live_server, riley: User, viewport
) -> None:
    write_plan(
        riley,
        {**copy.deepcopy(ALEX_PLAN), "reasons": [{"text": r} for r in (*REASONS, "My dog")]},
        author=riley,
        finished=[],
    )
    page.set_viewport_size(viewport)
    sign_in(page, live_server, riley.email)
    page.goto(f"{live_server.url}/plan/reasons/")

    line(page, 1).get_by_role("button", name="Down").click()

    # The line that was first is now named "Line 2", and the old second is "Line 1".
    expect(line(page, 2).get_by_label("A reason")).to_have_value(REASONS[0])
    expect(line(page, 1).get_by_label("A reason")).to_have_value(REASONS[1])
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/plan/#section-reasons")
    expect(section_card(page, "My reasons for recovery")).to_be_in_viewport()
    assert [r["text"] for r in Plan.objects.get(member=riley).items("reasons")] == [
        REASONS[1],
        REASONS[0],
        "My dog",
    ]
