"""The member's BAM pages: /check-up/, one question per screen, and their results."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine

from accounts.models import Role
from measures.models import BamAttempt, BamResult
from tests.factories import UserFactory
from tests.measures.helpers import (
    DRUGS,
    HARD,
    HARD_SCORES,
    STEADY,
    STEADY_SCORES,
    answer_all,
    record_result,
)

pytestmark = pytest.mark.django_db

START, QUESTION, RESULTS = "/check-up/", "/check-up/question/", "/check-up/results/"
# Every place the flow sends a member: none says what was answered.
NEUTRAL = {START, QUESTION, RESULTS}


def _current(member) -> str:
    return BamAttempt.objects.get(member=member).current


def _answer(client, item: str, value, **extra):
    response = client.post(QUESTION, {"item": item, "answer": value, **extra})
    if response.status_code == 302:
        assert response["Location"] in NEUTRAL
    return response


def _answer_all(client, member, answers) -> str:
    went = answer_all(client, member, answers)
    assert set(went) <= NEUTRAL
    return went[-1]


def test_start_shows_the_intro_and_a_start_button(signed_in):
    page = signed_in.get(START).content.decode()
    assert "about three minutes" in page
    assert "Brief Addiction Monitor" in page
    assert ">Start</button>" in page


def test_a_question_is_a_labelled_radio_group_with_its_progress(signed_in, member):
    signed_in.post(START)
    page = signed_in.get(QUESTION).content.decode()
    assert "Question 1 of 17" in page
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>.*physical health has been", page, re.S)
    radios = re.findall(
        r'<input class="form-check-input" type="radio" name="answer" id="(\w+)"', page
    )
    assert len(radios) == 5
    for radio_id in radios:
        assert f'<label class="form-check-label" for="{radio_id}">' in page
    assert 'name="back"' not in page  # nothing before the first question


def test_answering_every_screen_saves_the_scored_result_and_shows_it(signed_in, member):
    assert _answer_all(signed_in, member, STEADY) == RESULTS
    result = BamResult.objects.get(member=member)
    assert result.scores == STEADY_SCORES
    assert result.version == "BAM-2013"
    assert result.answers == STEADY
    page = signed_in.get(RESULTS).content.decode()
    assert "No alcohol or drug use in the past 30 days." in page
    assert "21 of 24" in page and "Above 12: good supports around your recovery." in page
    assert "not medical advice" in page
    assert "988" not in page.split("My check-up results")[1].split("Alcohol and drug use")[0]


def test_leaving_and_coming_back_resumes_at_the_same_question(signed_in, member):
    signed_in.post(START)
    for key in ("1", "2", "3"):
        _answer(signed_in, key, STEADY[key])
    assert "Continue at question 4 of 17" in signed_in.get(START).content.decode()
    signed_in.post(START)  # "Continue" is the same attempt, not a new one
    assert BamAttempt.objects.get(member=member).answers == {"1": 2, "2": 1, "3": 0}
    assert "how many days did you drink ANY alcohol" in signed_in.get(QUESTION).content.decode()


def test_no_drinking_skips_heavy_drinking_and_drug_use_asks_which_drugs(signed_in, member):
    signed_in.post(START)
    for key in ("1", "2", "3"):
        _answer(signed_in, key, DRUGS[key])
    _answer(signed_in, "4", 0)
    assert _current(member) == "6"
    _answer(signed_in, "6", 2)
    assert _current(member) == "7a"
    page = signed_in.get(QUESTION).content.decode()
    assert "any of the following drugs: Marijuana (cannabis, pot, weed)?" in page
    assert "Question 7 of 17" in page


def test_back_shows_the_question_before_with_its_answer(signed_in, member):
    signed_in.post(START)
    _answer(signed_in, "1", 3)
    _answer(signed_in, "2", 1)
    signed_in.post(QUESTION, {"item": "3", "back": "1"})
    assert _current(member) == "2"
    page = signed_in.get(QUESTION).content.decode()
    assert re.search(r'value="1" checked', page)
    # Back after item 6 with no alcohol skips item 5 too.
    _answer(signed_in, "2", 1)
    _answer(signed_in, "3", 0)
    _answer(signed_in, "4", 0)
    signed_in.post(QUESTION, {"item": "6", "back": "1"})
    assert _current(member) == "4"


def test_changing_an_answer_so_a_question_no_longer_applies_drops_its_answer(signed_in, member):
    signed_in.post(START)
    for key in ("1", "2", "3"):
        _answer(signed_in, key, HARD[key])
    _answer(signed_in, "4", 2)
    _answer(signed_in, "5", 1)
    signed_in.post(QUESTION, {"item": "6", "back": "1"})
    signed_in.post(QUESTION, {"item": "5", "back": "1"})
    _answer(signed_in, "4", 0)
    assert "5" not in BamAttempt.objects.get(member=member).answers
    assert _current(member) == "6"


@pytest.mark.parametrize("bad", ["", "5", "-1", "x", "1.5", "\x00"])
def test_a_bad_answer_says_so_and_changes_nothing(signed_in, member, bad):
    signed_in.post(START)
    response = _answer(signed_in, "1", bad)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please choose" in page
    attempt = BamAttempt.objects.get(member=member)
    assert (attempt.current, attempt.answers) == ("1", {})


def test_an_unknown_question_or_none_changes_nothing(signed_in, member):
    signed_in.post(START)
    for item in ("99", "", "<b>"):
        response = signed_in.post(QUESTION, {"item": item, "answer": "1"})
        assert response.status_code == 302 and response["Location"] == QUESTION
    assert BamAttempt.objects.get(member=member).answers == {}


def test_a_double_tap_saves_one_answer_and_moves_one_question(signed_in, member):
    signed_in.post(START)
    data = {"item": "1", "answer": "2", "submission_key": "k" * 24}
    first = signed_in.post(QUESTION, data)
    second = signed_in.post(QUESTION, data)
    assert first["Location"] == second["Location"] == QUESTION
    attempt = BamAttempt.objects.get(member=member)
    assert (attempt.current, attempt.answers) == ("2", {"1": 2})


def test_an_earlier_screen_sent_again_changes_nothing(signed_in, member):
    signed_in.post(START)
    _answer(signed_in, "1", 2)
    _answer(signed_in, "2", 1)
    response = _answer(signed_in, "1", 4)  # the browser's back button, another answer
    assert response["Location"] == QUESTION
    attempt = BamAttempt.objects.get(member=member)
    assert (attempt.current, attempt.answers) == ("3", {"1": 2, "2": 1})


def test_the_last_answer_sent_twice_makes_one_result(signed_in, member):
    signed_in.post(START)
    for key in list(STEADY)[:-1]:
        _answer(signed_in, key, STEADY[key])
    _answer(signed_in, "17", 3)
    again = _answer(signed_in, "17", 3)
    assert again["Location"] == RESULTS
    assert BamResult.objects.filter(member=member).count() == 1
    assert signed_in.get(QUESTION)["Location"] == RESULTS


def test_a_result_with_use_shows_the_crisis_lines_and_the_i_used_button_first(signed_in, member):
    record_result(member, STEADY, days_ago=7)  # use 0, risk 5, protective 21
    _answer_all(signed_in, member, HARD)
    assert BamResult.objects.filter(member=member).latest("completed_at").scores == HARD_SCORES
    page = signed_in.get(RESULTS).content.decode()
    body = page.split("My check-up results</h1>")[1]
    assert body.index("988") < body.index("Alcohol and drug use")
    assert 'action="/checkin/now/"' in body
    assert "Some use in the past 30 days." in body
    # The change since the one before, in words.
    assert "Up 16 points since last time." in body  # risk 5 -> 21


def test_results_say_when_the_next_one_is_due(signed_in, member):
    record_result(member)
    page = signed_in.get(RESULTS).content.decode()
    assert "The next one is due" in page
    assert "Your first one" in page


@pytest.mark.parametrize(
    ("language", "answered", "due", "up_to_date"),
    [
        (
            "en",
            "Your answers of Sunday, December 13, about",
            "The next one is due Sunday, December 20.",
            "You're up to date: the next one is due Sunday, December 20.",
        ),
        (
            "es",
            "Tus respuestas del domingo 13 de diciembre, sobre",
            "El próximo toca el domingo 20 de diciembre.",
            "Estás al día: el próximo toca el domingo 20 de diciembre.",
        ),
    ],
)
def test_the_days_inside_a_sentence_are_written_as_the_language_writes_them(
    client, member, language, answered, due, up_to_date
):
    # Spanish weekday names are in lower case inside a sentence (not "el Domingo").
    member.language = language
    member.save(update_fields=["language"])
    with time_machine.travel(datetime(2026, 12, 13, 15, tzinfo=UTC), tick=False):
        record_result(member)  # weekly: the next is due a week later
        client.force_login(member)
        results = client.get(RESULTS).content.decode().replace("&#x27;", "'")
        start = client.get(START).content.decode().replace("&#x27;", "'")
    assert answered in results and due in results
    assert up_to_date in start


def test_only_members_answer_and_only_their_own(client, member, counselor, other_member):
    assert client.get(START)["Location"].startswith("/accounts/login/")
    client.force_login(counselor)
    assert client.get(START).status_code == 403
    assert client.post(QUESTION, {"item": "1", "answer": "1"}).status_code == 403
    client.force_login(member)
    client.post(START)
    client.force_login(other_member)
    _answer(client, "1", 4)  # Sam has no attempt: Alex's is untouched
    assert BamAttempt.objects.get(member=member).answers == {}
    assert not BamAttempt.objects.filter(member=other_member).exists()


def test_a_coordinator_gets_no_check_up(client, coordinator):
    client.force_login(coordinator)
    assert client.get(RESULTS).status_code == 403
    assert UserFactory(role=Role.MEMBER)  # the page is about the signed-in member only
