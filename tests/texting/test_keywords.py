"""Keywords at any time (texting.conversation): STOP, START and HELP as carriers require,
recorded as the member's consent to texts; and the member's own words for "I'm struggling"
and "I used", which start those flows and answer with the safety lines at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from alerts.models import Alert, StruggleReport
from checkins.models import CheckIn, UseReport
from messaging import outbox
from messaging.models import Delivery, TextConsent
from messaging.outbox import STOPPED
from messaging.tasks import send_deliveries
from reminders import dispatch as reminders
from reminders.models import ReminderDelivery
from tests.factories import CareAssignmentFactory, ConsentFactory
from tests.reminders.helpers import NY_SEVEN_PM, RecordingSms, member_with_reminder, utc
from tests.texting.helpers import PHONE
from texting import words
from texting.models import Step, TextConversation, TextSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings):
    RecordingSms.sent = []
    settings.WAYPOINT_SMS_BACKEND = f"{RecordingSms.__module__}.RecordingSms"
    return RecordingSms


def _remind(day_offset: int = 0) -> Delivery:
    at = NY_SEVEN_PM + timedelta(days=day_offset)
    with time_machine.travel(at, tick=False):
        tick = reminders.dispatch(at - timedelta(minutes=1), at)
        send_deliveries(list(tick.to_send))
    return ReminderDelivery.objects.select_related("delivery").get(due_at=at).delivery


def test_stop_records_consent_confirms_once_and_blocks_the_next_reminder(send, gateway, client):
    member, _schedule = member_with_reminder(by_sms=True, by_email=False, phone=PHONE)
    with time_machine.travel(NY_SEVEN_PM - timedelta(hours=1)):
        assert send("STOP") == [words.stopped()]
        assert send("stop") == []  # one confirmation; a second STOP gets nothing more
        assert send("7") == []  # and no check-in starts
    consent = TextConsent.objects.filter(phone=PHONE).order_by("at")
    assert [(c.action, c.member) for c in consent] == [("stop", member), ("stop", member)]

    reminder = _remind()
    assert (reminder.status, reminder.error, reminder.permanent) == ("failed", STOPPED, True)
    assert [text for _to, text in gateway.sent] == [words.stopped()]
    # The reminders page says why, rather than "check your phone number".
    client.force_login(member)
    page = client.get("/checkin/reminders/").content.decode()
    assert "You replied STOP" in page
    assert (
        "couldn&#x27;t reach you by text" not in page and "couldn't reach you by text" not in page
    )


@pytest.mark.parametrize("word", ["PARAR", "Alto", "baja", "CANCELAR", "fin"])
def test_a_spanish_opt_out_word_is_stop(send, texter, word):
    send("hola")  # a check-in under way ends too
    assert send(word) == [words.stopped()]
    assert [(c.action, c.member) for c in TextConsent.objects.all()] == [("stop", texter)]
    assert not TextConversation.objects.exists()
    assert send("7") == []


def test_ayuda_is_help(send, texter):
    assert send("AYUDA") == [words.help_reply()]
    assert not TextConsent.objects.exists()


def test_start_records_consent_and_reminders_resume(send, gateway):
    member_with_reminder(by_sms=True, by_email=False, phone=PHONE)
    with time_machine.travel(NY_SEVEN_PM - timedelta(hours=1)):
        send("STOP")
        assert send(" Start ") == [words.started()]
    assert [c.action for c in TextConsent.objects.order_by("at", "pk")] == ["stop", "start"]
    reminder = _remind()
    assert reminder.status == "sent"
    assert gateway.sent[-1] == (PHONE, reminders.reminder_text(by_reply=True))


def test_stop_ends_a_check_in_under_way(send, texter):
    send("hello")
    send("STOP")
    assert not TextConversation.objects.exists()


def test_stop_from_a_number_that_is_no_members_is_honoured_too(send, texter):
    stranger = "+12025550199"
    assert send("STOP", phone=stranger) == [words.stopped()]
    assert TextConsent.objects.get(phone=stranger).member is None
    alert_text = Delivery.objects.create(
        purpose="alert_contact",
        channel="sms",
        address=stranger,
        text="x",
        created_at=utc(2026, 1, 1),
    )
    assert outbox.send(alert_text.pk) == outbox.Outcome.FAILED


def test_help_answers_with_the_program_line_and_the_crisis_lines(send, texter, settings):
    settings.WAYPOINT_PROGRAM_PHONE = {"number": "1-800-555-0100", "dial": "+18005550100"}
    [answer] = send("help")
    assert answer.startswith("Waypoint: call us at 1-800-555-0100.")
    assert "988 Lifeline: call or text 988." in answer
    assert "Emergency: call 911." in answer
    assert answer.endswith("Reply STOP to stop texts.")


def test_help_in_spanish_says_to_text_ayuda_to_988_as_the_spanish_page_does(send, texter):
    texter.language = "es"
    texter.save(update_fields=["language"])
    [answer] = send("AYUDA")
    assert "Línea 988: llama o envía AYUDA al 988." in answer
    assert "Emergencia: llama al 911." in answer


def test_help_mid_check_in_leaves_the_check_in_where_it_was(send, texter):
    send("hello")
    send("HELP")
    assert send("4") == [words.question(Step.HALT)]


@pytest.fixture
def own_words(texter):
    return TextSettings.objects.create(member=texter, struggling_word="harbor", used_word="anchor")


@pytest.fixture
def care_team(texter):
    counselor = CareAssignmentFactory(member=texter).counselor
    ConsentFactory(member=texter, recipient=counselor)
    return counselor


def test_the_used_word_records_the_use_raises_the_physical_alert_and_answers_at_once(
    send, texter, own_words, care_team
):
    sent = send("Anchr")  # one typo forgiven
    assert sent == [words.after_use()]
    assert "988" in sent[0] and "911" in sent[0]
    assert UseReport.objects.filter(member=texter).count() == 1
    alert = Alert.objects.get(member=texter)
    assert alert.stage == "physical"
    assert [m.to for m in mail.outbox] == [[care_team.email]]
    assert "anchor" not in mail.outbox[0].subject.lower()


def test_the_struggling_word_raises_the_mental_stage_and_answers_with_the_lines(
    send, texter, own_words, care_team
):
    assert send("HARBOR") == [words.after_struggling()]
    assert StruggleReport.objects.filter(member=texter).count() == 1
    assert Alert.objects.get(member=texter).stage == "mental"
    assert [m.to for m in mail.outbox] == [[care_team.email]]


def test_the_members_word_works_mid_check_in_and_the_check_in_goes_on(send, texter, own_words):
    send("hello")
    send("8")
    assert send("anchor") == [words.after_use()]
    assert send("tired") == [words.question(Step.USED)]
    send("yes")
    assert CheckIn.objects.get().used_today is True


def test_after_stop_the_members_word_still_reaches_the_care_team_but_no_text_goes_back(
    send, texter, own_words, care_team
):
    send("STOP")
    assert send("anchor") == []
    assert UseReport.objects.filter(member=texter).exists()
    assert [m.to for m in mail.outbox] == [[care_team.email]]


def test_without_chosen_words_the_word_is_just_a_reply(send, texter):
    assert send("anchor") == [words.question(Step.CRAVING)]
    assert not UseReport.objects.exists()


def test_help_without_a_program_phone_points_to_the_site(send, texter, settings):
    settings.WAYPOINT_PROGRAM_PHONE = None
    [answer] = send("HELP")
    assert answer.startswith("Waypoint: check in by text, or sign in at http://testserver/.")
    assert "988" in answer


def test_help_is_answered_even_after_stop(send, texter, gateway):
    send("STOP")
    [answer] = send("HELP")
    assert "988" in answer
    assert [text for _to, text in gateway.sent] == [words.stopped(), answer]
