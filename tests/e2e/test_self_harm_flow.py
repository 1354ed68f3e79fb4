"""A "yes" to the check-in's self-harm question, on a phone: 988 first, on-call told at once."""

from __future__ import annotations

import copy

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role, User
from alerts.models import Alert
from contacts.models import SupportContact
from messaging.models import Delivery
from plans.demo import ALEX_PLAN
from plans.versions import write_plan
from tests.e2e.helpers import sign_in
from tests.e2e.test_checkin_flow import (
    CRAVING_QUESTION,
    MEDICATION_QUESTION,
    SUPPORT_QUESTION,
    USED_QUESTION,
    tap_answer,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SELF_HARM_QUESTION = (
    "Over the last two weeks, have you had thoughts that you would be better off dead, "
    "or of hurting yourself?"
)


@pytest.fixture
def alex_with_plan(member: User) -> User:
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    SupportContact.objects.create(
        member=member,
        name="Jo",
        relationship="sister",
        phone="+12025550143",
        may_be_told=True,
        approved_message="Alex could use a call from you today.",
    )
    return member


def test_a_member_on_a_phone_answers_yes_and_sees_988_first_while_on_call_hears_at_once(
    phone_page: Page, live_server, alex_with_plan, counselor, mailoutbox, screenshot
):
    on_call = UserFactory(role=Role.COUNSELOR, on_call=True, program=alex_with_plan.program)
    page = phone_page
    sign_in(page, live_server, alex_with_plan.email)
    page.goto(f"{live_server.url}/checkin/")

    for legend in ("Hungry", "Angry", "Lonely", "Tired"):
        tap_answer(page, legend, "None")
    tap_answer(page, CRAVING_QUESTION, "8")
    tap_answer(page, "Mood", "Very low")
    page.get_by_label("Hours slept last night").fill("7")
    tap_answer(page, MEDICATION_QUESTION, "Yes")
    tap_answer(page, SUPPORT_QUESTION, "Yes")
    tap_answer(page, USED_QUESTION, "No")
    # Optional, and says so; not answering is where it starts.
    group = page.get_by_role("group", name=SELF_HARM_QUESTION, exact=True)
    expect(group).to_contain_text("Optional. You can skip it.")
    expect(group.get_by_role("radio", name="I'd rather not answer")).to_be_checked()
    tap_answer(page, SELF_HARM_QUESTION, "Yes")
    page.get_by_role("button", name="Save check-in").tap()

    expect(page).to_have_url(f"{live_server.url}/checkin/response/")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("You don't have to carry this alone")
    # 988 first: the first links on the page call and text it, and they are on screen.
    links = main.locator('a[href^="tel:"], a[href^="sms:"]')
    expect(links.nth(0)).to_have_attribute("href", "tel:988")
    expect(links.nth(1)).to_have_attribute("href", "sms:988")
    expect(links.nth(0)).to_be_in_viewport()
    # The member's own safety plan comes before any other card.
    plan = main.locator(".safety-plan")
    expect(plan).to_contain_text("Things I can do on my own")
    expect(plan).to_contain_text("Box breathing for five minutes")
    expect(plan).to_contain_text("Being there for my son Theo")
    regions = main.get_by_role("region")
    expect(regions.first).to_have_class("mb-4 response-self_harm")
    expect(regions.nth(1)).to_have_class("card mb-3 response-craving")
    screenshot(page, "self-harm-response-phone")

    [alert] = Alert.objects.filter(member=alex_with_plan)
    assert (alert.stage, alert.signals[0]["code"], alert.tell_supporters) == (
        "physical",
        "self_harm",
        False,
    )
    assert alert.escalated_at is not None
    assert sorted(to for m in mailoutbox for to in m.to) == sorted([counselor.email, on_call.email])
    assert not Delivery.objects.filter(purpose="alert_contact").exists()  # Jo: not by itself
