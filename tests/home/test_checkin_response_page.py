"""The check-in response (home.views checkin_response): what the member reads after checking in, drawn from their own plan."""

from __future__ import annotations

import copy

import pytest

from checkins.models import CheckIn
from plans.demo import ALEX_PLAN
from plans.versions import write_plan
from tests.checkins.helpers import CALM
from tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db


def test_the_response_uses_the_members_own_plan(signed_in, member):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    answers = {
        **CALM,
        "craving": "8",
        "lonely": "3",
        "hungry": "2",
        "angry": "3",
        "tired": "3",
        "sleep_hours": "4",
        "medication": "no",
        "support_contact": "False",
    }
    signed_in.post("/checkin/", answers)
    page = signed_in.get("/checkin/response/").content.decode()
    expected = [
        "A strong craving passes",
        "I deposit the cash straight away",  # action step
        "Box breathing for five minutes",  # coping skill
        'href="tel:+12025550143"',  # Marcus, top contact
        "Reach one person today",
        "Eat something soon",
        "Breakfast before my shift",  # self-care routine
        "Let some of the anger out",
        "Rest counts as recovery",
        "Missed your medication today?",
        "not medical advice",
    ]
    for text in expected:
        assert text in page, text
    assert "Today looks steady" not in page


def test_noticed_warning_signs_bring_back_that_part_of_the_plan(signed_in, member):
    version = write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    sign = version.content["warning_signs"][3]  # "Thinking one time won't matter", mental stage
    signed_in.post("/checkin/", {**CALM, "noticed": [sign["id"]]})
    checkin = CheckIn.objects.get()
    assert checkin.noticed_signs == [{"id": sign["id"], "text": sign["text"], "stage": "mental"}]
    page = signed_in.get("/checkin/response/").content.decode()
    assert "You noticed some of your warning signs" in page and "(Mental stage)" in page


def _first_link(page: str) -> str:
    start = min(i for i in (page.find('href="tel:'), page.find('href="sms:')) if i >= 0)
    return page[start : page.index('"', start + 6) + 1]


def test_a_self_harm_yes_shows_988_and_the_safety_plan_before_anything_else(
    signed_in, member, settings
):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    signed_in.post("/checkin/", {**CALM, "craving": "8", "mood": "1", "self_harm": "True"})
    page = signed_in.get("/checkin/response/").content.decode()
    main = page[page.index("<main") :]
    assert "<h1" in main and main.index("You don&#x27;t have to carry this alone") < main.index(
        "A strong craving passes"
    )
    assert _first_link(main) == 'href="tel:988"'
    assert 'href="sms:988"' in main
    assert main.index('href="sms:988"') < main.index('href="tel:911"')
    for own in ("Not answering Marcus", "Box breathing", "No drugs or paraphernalia at home"):
        assert main.index(own) < main.index("A strong craving passes"), own
    assert "Being there for my son Theo" in main  # reasons to live
    # The two safety-plan steps with parts of their own.
    assert "People and places that take my mind off things" in main
    assert "Shooting hoops at the rec center with Luis" in main
    assert "Professionals and services I can reach" in main
    assert "Dr. Patel (prescriber) +12025550160" in main
    assert "Thanks for checking in</h1>" not in main
    assert "A heavy day" not in main  # the low-mood card gives way to the safety plan


def test_without_a_yes_the_response_starts_as_usual(signed_in, member):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    signed_in.post("/checkin/", {**CALM, "self_harm": "False"})
    page = signed_in.get("/checkin/response/").content.decode()
    assert "Thanks for checking in</h1>" in page
    assert "You don&#x27;t have to carry this alone" not in page


def test_a_low_mood_is_answered_with_the_members_own_coping_steps_and_people(signed_in, member):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    signed_in.post("/checkin/", {**CALM, "mood": "2"})
    page = signed_in.get("/checkin/response/").content.decode()
    assert "A heavy day. You don&#x27;t have to carry it alone." in page
    assert "Box breathing for five minutes" in page
    assert 'href="tel:+12025550143"' in page  # Marcus
    signed_in.post("/checkin/", {**CALM, "mood": "3"})
    assert "A heavy day" not in signed_in.get("/checkin/response/").content.decode()


def test_with_no_plan_and_no_people_yet_a_low_day_is_promised_nothing_that_is_not_there(
    signed_in, member
):
    signed_in.post("/checkin/", {**CALM, "mood": "1", "support_contact": "False"})
    response = signed_in.get("/checkin/response/")
    page = response.content.decode()
    cards = {c.key: c for c in response.context["cards"]}

    assert (cards["mood"].items, cards["mood"].contacts, cards["lonely"].contacts) == ([], [], [])
    assert "Here is what you said helps" not in page
    assert "The people on your list said" not in page
    assert "write in your plan what helps on a day like this" in page
    assert "Add the people you would reach to your list" in page
    assert "come from your own plan" not in page and "not medical advice" in page


def _card(page: str, key: str) -> str:
    start = page.index(f'class="card mb-3 response-{key}"')
    return page[start : page.index("</section>", start)]


def test_a_low_day_card_links_to_the_members_coping_skills_and_get_help_now(signed_in, member):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    signed_in.post("/checkin/", {**CALM, "mood": "1"})
    card = _card(signed_in.get("/checkin/response/").content.decode(), "mood")
    assert "Box breathing for five minutes" in card
    assert (
        '<a class="btn btn-outline-primary" href="/plan/coping/">Open my coping skills</a>' in card
    )
    assert 'href="/help/"' in card and "Get help now</a>" in card
    assert 'href="tel:+12025550143"' in card  # Marcus, still one tap away


def test_a_low_day_with_a_plan_but_no_coping_skills_yet_links_to_writing_them(signed_in, member):
    write_plan(member, {"reasons": [{"text": "My son"}]}, author=member, finished=[])
    signed_in.post("/checkin/", {**CALM, "mood": "1"})
    card = _card(signed_in.get("/checkin/response/").content.decode(), "mood")
    assert 'href="/plan/coping/">Write what helps into my plan</a>' in card
    assert "Get help now</a>" in card


def test_a_low_day_without_a_plan_offers_to_start_one_and_get_help_now(signed_in, member):
    signed_in.post("/checkin/", {**CALM, "mood": "1"})
    card = _card(signed_in.get("/checkin/response/").content.decode(), "mood")
    assert 'href="/plan/">Start my plan</a>' in card
    assert "/plan/coping/" not in card
    assert 'href="/help/"' in card and "Get help now</a>" in card


def test_in_spanish_the_low_day_card_offers_the_same_in_spanish(signed_in, member):
    member.language = "es"
    member.save(update_fields=["language"])
    signed_in.post("/checkin/", {**CALM, "mood": "1"})
    card = _card(signed_in.get("/checkin/response/").content.decode(), "mood")
    assert 'href="/plan/">Empezar mi plan</a>' in card
    assert "Pedir ayuda ahora</a>" in card


def test_get_help_now_is_offered_once_however_many_cards_suggest_it(signed_in, member):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    signed_in.post("/checkin/", {**CALM, "craving": "8", "mood": "1"})
    response = signed_in.get("/checkin/response/")
    assert [c.key for c in response.context["cards"] if c.help_now] == ["craving"]
    assert "Open my coping skills" in _card(response.content.decode(), "mood")


def test_hunger_offers_the_members_meals_and_tiredness_their_sleep_routine(signed_in, member):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    signed_in.post("/checkin/", {**CALM, "hungry": "3", "tired": "3"})
    cards = {c.key: c for c in signed_in.get("/checkin/response/").context["cards"]}
    assert cards["hungry"].items == ["Breakfast before my shift"]
    assert cards["tired"].items == ["Lights out by 11"]


def test_the_members_people_are_listed_once_however_many_cards_suggest_them(signed_in, member):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    signed_in.post("/checkin/", {**CALM, "craving": "8", "lonely": "3"})
    response = signed_in.get("/checkin/response/")
    with_people = [c.key for c in response.context["cards"] if c.contacts]
    assert with_people == ["craving"]  # the lonely card says to reach one, and does not repeat
    assert response.content.decode().count('href="tel:+12025550143"') == 1


def test_a_check_in_by_text_gets_no_card_on_what_it_did_not_ask(signed_in, member):
    CheckInFactory(
        member=member,
        source="text",
        mood=None,
        sleep_hours=None,
        medication=None,
        support_contact=None,
    )
    page = signed_in.get("/checkin/response/").content.decode()
    assert "Today looks steady" in page
    for card in ("A heavy day", "No meeting or support today yet", "Rest counts", "medication"):
        assert card not in page, card


def test_a_low_day_after_a_craving_points_to_the_people_above_and_promises_none_below(
    signed_in, member
):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    signed_in.post("/checkin/", {**CALM, "craving": "8", "mood": "1"})
    response = signed_in.get("/checkin/response/")
    cards = {c.key: c for c in response.context["cards"]}
    assert cards["craving"].contacts and not cards["mood"].contacts  # Marcus once, above
    low_day = _card(response.content.decode(), "mood")
    assert "Here is what you said helps:" in low_day
    assert "the people who want to hear from you:" not in low_day


def test_a_low_day_with_no_coping_steps_after_a_craving_says_the_people_are_above(
    signed_in, member
):
    plan = copy.deepcopy(ALEX_PLAN)
    plan["coping"], plan["wellbeing"] = [], []
    write_plan(member, plan, author=member, finished=[])
    signed_in.post("/checkin/", {**CALM, "craving": "8", "mood": "1"})
    low_day = _card(signed_in.get("/checkin/response/").content.decode(), "mood")
    assert "The people who want to hear from you are just above" in low_day
    assert "add the people you would call" not in low_day
