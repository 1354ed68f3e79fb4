"""A check-in by text (texting.conversation): three questions, one word or number each,
saved as that day's check-in and evaluated by the same rules as the web form's."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from alerts.models import Alert
from checkins.models import CheckIn
from checkins.progress import local_date
from tests.checkins.helpers import CALM
from tests.factories import CheckInFactory, UserFactory
from texting import words
from texting.models import Step, TextConversation

pytestmark = pytest.mark.django_db

CRAVING_Q = words.question(Step.CRAVING)
HALT_Q = words.question(Step.HALT)
USED_Q = words.question(Step.USED)


def test_three_replies_make_the_days_check_in(send, texter):
    assert send("hi") == [CRAVING_Q]
    assert send("Eight") == [HALT_Q]
    assert send("tired, lonley") == [USED_Q]
    assert send("nope") == ["Thank you for checking in. It's saved in Waypoint."]
    checkin = CheckIn.objects.get(member=texter)
    assert checkin.local_date == local_date(texter.timezone)
    assert (checkin.craving, checkin.hungry, checkin.angry, checkin.lonely, checkin.tired) == (
        8,
        0,
        0,
        2,
        2,
    )
    assert (checkin.used_today, checkin.source) == (False, "text")
    assert (checkin.mood, checkin.sleep_hours, checkin.medication, checkin.support_contact) == (
        None,
        None,
        None,
        None,
    )
    assert checkin.evaluated_at is not None  # the rules read it, as they read a web one
    assert not TextConversation.objects.exists()


def test_a_number_in_reply_to_the_reminder_answers_the_first_question(send, texter):
    assert send("3") == [HALT_Q]
    assert send("none") == [USED_Q]
    send("n")
    assert CheckIn.objects.get(member=texter).craving == 3


def test_every_text_back_is_the_same_whatever_the_answers(send, texter):
    """Nothing the member answered is echoed: the texts are fixed words for everyone."""
    sent = [*send("9"), *send("h a l t"), *send("yes")]
    assert sent == [HALT_Q, USED_Q, words.saved(), words.after_use()]
    assert "craving" not in words.after_use().lower()


def test_a_high_craving_raises_the_same_alert_as_the_web_form(
    send, texter, client, django_capture_on_commit_callbacks
):
    yesterday = local_date(texter.timezone) - timedelta(days=1)
    CheckInFactory(member=texter, local_date=yesterday, craving=9)
    for reply in ("9", "none", "no"):
        send(reply)
    by_text = Alert.objects.get(member=texter)

    on_the_web = UserFactory(display_name="Sam", role="member", timezone=texter.timezone)
    CheckInFactory(member=on_the_web, local_date=yesterday, craving=9)
    client.force_login(on_the_web)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/checkin/", {**CALM, "craving": "9"})
    by_web = Alert.objects.get(member=on_the_web)
    assert [s["code"] for s in by_text.signals] == [s["code"] for s in by_web.signals]
    assert "craving_high" in {s["code"] for s in by_text.signals}
    assert by_text.stage == by_web.stage == "mental"


def test_a_yes_to_use_is_saved_and_answered_with_the_safety_lines(send, texter):
    send("2")
    send("0")
    sent = send("YES")
    assert sent == [words.saved(), words.after_use()]
    assert "988" in sent[1] and "911" in sent[1]
    assert CheckIn.objects.get(member=texter).used_today is True
    alert = Alert.objects.get(member=texter)
    assert alert.stage == "physical"


def test_a_reply_that_is_no_answer_is_asked_again_kindly_once_then_nothing_is_stored(send, texter):
    send("hello")
    assert send("lots") == [words.asked_again(Step.CRAVING)]
    assert send("7") == [HALT_Q]
    assert send("blue") == [words.asked_again(Step.HALT)]
    assert send("sad") == [words.gave_up()]
    assert not CheckIn.objects.exists()
    assert not TextConversation.objects.exists()
    assert send("hi") == [CRAVING_Q]  # the next text starts afresh


def test_an_answer_after_a_re_ask_moves_on_and_the_next_question_may_be_asked_again(send, texter):
    send("hello")
    send("lots")
    send("4")
    assert send("dunno") == [words.asked_again(Step.HALT)]
    assert send("ht") == [USED_Q]
    assert send("maybe") == [words.asked_again(Step.USED)]
    assert send("n") == [words.saved()]
    checkin = CheckIn.objects.get()
    assert (checkin.hungry, checkin.tired, checkin.craving) == (2, 2, 4)


def test_a_conversation_left_for_hours_starts_again(send, texter):
    send("hello")
    send("5")
    with time_machine.travel(timezone.now() + timedelta(hours=4)):
        assert send("tired") == [CRAVING_Q]  # not a number: the first question again
    assert not CheckIn.objects.exists()


def test_todays_web_check_in_keeps_what_only_the_web_asks(send, texter):
    CheckInFactory(member=texter, craving=1, mood=2, sleep_hours=6, note="Zqnote")
    for reply in ("6", "angry", "no"):
        send(reply)
    checkin = CheckIn.objects.get(member=texter)
    assert (checkin.craving, checkin.angry, checkin.mood, checkin.note) == (6, 2, 2, "Zqnote")
    assert checkin.source == "web"  # begun on the web


def test_a_member_who_reads_spanish_is_asked_in_spanish_and_answered_in_her_words(send, texter):
    texter.language = "es"
    texter.save(update_fields=["language"])
    [question] = send("hola")
    assert question.startswith("Registro de Waypoint: ¿qué tan fuertes son tus ansias")
    assert send("siete") == [
        "¿Tienes hambre, enojo, soledad o cansancio? Responde con cualquiera de esas palabras "
        "o sus iniciales (H, E, S, C), o NADA."
    ]
    assert send("hambre y cansancio") == ["¿Consumiste hoy? Responde SÍ o NO."]
    saved, safety = send("Sí")
    assert saved == "Gracias por hacer tu registro. Quedó guardado en Waypoint."
    assert safety.startswith("Gracias por contárnoslo. Hay quien te acompaña.")
    assert "988" in safety
    checkin = CheckIn.objects.get(member=texter)
    assert (checkin.craving, checkin.hungry, checkin.tired, checkin.used_today) == (7, 2, 2, True)
