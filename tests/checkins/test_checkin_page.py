"""The check-in pages (checkins.views checkin, checkin_history): validation, one per local day,
and a history in a constant number of queries. What follows a check-in is in
tests/home/test_checkin_response_page.py."""

from __future__ import annotations

import copy
import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from checkins.models import CheckIn
from checkins.progress import local_date
from plans.demo import ALEX_PLAN
from plans.versions import write_plan
from tests.checkins.helpers import CALM, record_use
from tests.factories import CheckInFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_calm_day_is_saved_and_thanked(signed_in, member):
    response = signed_in.post("/checkin/", CALM)
    assert response.url == "/checkin/response/"
    checkin = CheckIn.objects.get(member=member)
    assert (checkin.halt_total, checkin.craving, str(checkin.sleep_hours)) == (0, 1, "7.5")
    assert "Today looks steady" in signed_in.get("/checkin/response/").content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    ("typed", "hours"),
    [("7,5", "7.5"), ("7.5", "7.5"), ("1,5", "1.5"), (" 1,5 ", "1.5"), ("8", "8"), ("0,5", "0.5")],
)
def test_sleep_hours_take_a_decimal_comma_or_point_in_every_language(
    client, language, typed, hours
):
    member = UserFactory(language=language)
    client.force_login(member)
    page = client.get("/checkin/").content.decode()
    # A text box: a number box would read "1,5" by the browser's locale (once as 15).
    assert 'type="text" name="sleep_hours"' in page and 'inputmode="decimal"' in page
    response = client.post("/checkin/", {**CALM, "sleep_hours": typed})
    assert response.status_code == 302
    assert CheckIn.objects.get(member=member).sleep_hours == Decimal(hours)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hungry", "4", "Select a valid choice"),
        ("craving", "11", "Select a valid choice"),
        ("mood", "0", "Select a valid choice"),
        ("sleep_hours", "25", "more than 24"),
        ("sleep_hours", "-1", "below 0"),
        ("sleep_hours", "lots", "Please enter the hours as a number, like 7 or 7.5."),
        ("sleep_hours", "1,234.5", "Please enter the hours as a number, like 7 or 7.5."),
        ("sleep_hours", "7,5,0", "Please enter the hours as a number, like 7 or 7.5."),
        ("sleep_hours", "24,5", "more than 24"),
        ("sleep_hours", "7.25", "Please round to the nearest tenth of an hour, like 7.5."),
        ("medication", "maybe", "Select a valid choice"),
        ("lonely", None, "Please tap one"),
        ("medication", None, "Please tap one"),
        ("mood", None, "Please tap one"),
        ("support_contact", None, "Please answer yes or no"),
        ("note", "x" * 1001, "Keep this to 1,000 characters or fewer. It has 1,001."),
    ],
)
def test_bad_answers_get_a_clear_message_and_nothing_is_saved(signed_in, field, value, message):
    data = {**CALM}
    if value is None:
        del data[field]
    else:
        data[field] = value
    response = signed_in.post("/checkin/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CheckIn.objects.exists()


def test_one_check_in_per_day_and_a_second_visit_updates_it(signed_in, member):
    signed_in.post("/checkin/", CALM)
    page = signed_in.get("/checkin/").content.decode()
    assert "Update today&#x27;s check-in" in page or "Update today's check-in" in page
    signed_in.post("/checkin/", {**CALM, "craving": "4"})
    assert CheckIn.objects.get(member=member).craving == 4


def test_the_day_is_the_members_local_day(client):
    member = UserFactory(timezone="America/Los_Angeles")
    client.force_login(member)
    late_evening = datetime(2026, 6, 15, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    with time_machine.travel(late_evening, tick=False):
        client.post("/checkin/", CALM)
    with time_machine.travel(late_evening.replace(hour=23, minute=59), tick=False):
        client.post("/checkin/", {**CALM, "craving": "3"})  # same local day: an update
    with time_machine.travel(
        datetime(2026, 6, 16, 0, 5, tzinfo=ZoneInfo("America/Los_Angeles")), tick=False
    ):
        client.post("/checkin/", CALM)  # a new local day
    assert list(CheckIn.objects.values_list("local_date", "craving").order_by("local_date")) == [
        (datetime(2026, 6, 15).date(), 3),
        (datetime(2026, 6, 16).date(), 1),
    ]


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 3, 8, 2, 30, tzinfo=ZoneInfo("UTC")),  # night of spring-forward in the US
        datetime(2026, 11, 1, 6, 30, tzinfo=ZoneInfo("UTC")),  # 1:30 a.m. twice in New York
    ],
)
def test_dst_nights_give_one_check_in_for_the_local_day(client, moment):
    member = UserFactory(timezone="America/New_York")
    client.force_login(member)
    with time_machine.travel(moment, tick=False):
        client.post("/checkin/", CALM)
        client.post("/checkin/", {**CALM, "craving": "2"})
    assert CheckIn.objects.count() == 1


def test_a_warning_sign_that_is_not_in_the_plan_is_refused(signed_in):
    response = signed_in.post("/checkin/", {**CALM, "noticed": ["not-mine"]})
    assert response.status_code == 200 and not CheckIn.objects.exists()


def test_answering_yes_to_use_leads_to_the_safety_screen(signed_in):
    response = signed_in.post("/checkin/", {**CALM, "used_today": "True"})
    assert response.url == "/checkin/now/"


def test_saving_a_check_in_takes_a_constant_number_of_queries(
    signed_in, member, django_assert_num_queries, django_assert_max_num_queries
):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    with django_assert_max_num_queries(8) as first:
        signed_in.post("/checkin/", CALM)
    with django_assert_num_queries(len(first.captured_queries)):
        signed_in.post("/checkin/", {**CALM, "craving": "3"})


def test_the_history_page_takes_a_constant_number_of_queries(signed_in, member, settings):
    # With DEBUG on, connection.queries holds the last request's queries: each request
    # empties it as it starts.
    settings.DEBUG = True
    from django.core.management import call_command

    signed_in.get("/checkins/")
    signed_in.get("/checkins/")
    few = len(connection.queries)
    assert 0 < few <= 10
    call_command("seed_demo")
    alex = member.__class__.objects.get(email="alex@example.org")
    signed_in.force_login(alex)
    signed_in.get("/checkins/")  # as for the first: the help panel's people now kept
    response = signed_in.get("/checkins/")
    assert len(connection.queries) == few
    assert len(response.context["checkins"]) == 59


# --- Counting from the day recovery began ---------------------------------------------------


def _member_who_joined(days_ago: int, **fields):
    return UserFactory(date_joined=timezone.now() - timedelta(days=days_ago), **fields)


def test_the_counters_count_from_the_start_date_and_a_lapse_never_erases_them(client):
    member = _member_who_joined(10)
    today = local_date(member.timezone)
    member.recovery_began_on = today - timedelta(days=100)
    member.save()
    client.force_login(member)
    record_use(client, occurred_at=f"{today - timedelta(days=5)}T21:00")

    response = client.get("/checkins/")
    progress = response.context["progress"]
    # 101 days from the start date to today; one of them with use.
    assert (progress.sober_days, progress.current_run, progress.longest_run) == (100, 5, 95)
    page = response.content.decode()
    assert "90 days since you began — that matters." in page
    assert "100 days ago" in page


def test_a_start_date_after_sign_up_does_not_erase_the_days_before_it(client):
    member = _member_who_joined(30)
    member.recovery_began_on = local_date(member.timezone) - timedelta(days=5)
    member.save()
    client.force_login(member)
    progress = client.get("/checkins/").context["progress"]
    assert progress.sober_days == 31
    assert "5 days ago" in client.get("/checkins/").content.decode()


def test_without_a_start_date_the_counters_start_at_sign_up_and_no_milestone_shows(client):
    member = _member_who_joined(10)
    client.force_login(member)
    response = client.get("/checkins/")
    assert response.context["progress"].sober_days == 11
    assert "since you began" not in response.content.decode()


def test_the_self_harm_question_is_an_optional_radio_group_after_phq9_item_9(signed_in):
    page = signed_in.get("/checkin/").content.decode()
    assert (
        "Over the last two weeks, have you had thoughts that you would be better off dead, "
        "or of hurting yourself?"
    ) in page
    assert "Optional. You can skip it." in page
    # Not answering is the starting state, and stays choosable after tapping yes or no.
    radios = {
        value: f'name="self_harm" value="{value}" class="btn-check" id="id_self_harm_{n}"'
        for n, value in enumerate(("True", "False", ""))
    }
    assert radios["True"] + ">" in page
    assert radios["False"] + ">" in page
    assert radios[""] + " checked>" in page
    assert "I&#x27;d rather not answer" in page


def test_a_bad_self_harm_answer_is_refused_and_saves_nothing(signed_in):
    response = signed_in.post("/checkin/", {**CALM, "self_harm": "maybe"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_web_form_asks_what_a_check_in_by_text_did_not(signed_in, member):
    CheckInFactory(
        member=member,
        source="text",
        craving=3,
        mood=None,
        sleep_hours=None,
        medication=None,
        support_contact=None,
    )
    response = signed_in.post("/checkin/", {**CALM, "craving": "3"})
    assert response.status_code == 302
    checkin = CheckIn.objects.get(member=member)
    assert (checkin.mood, checkin.medication, checkin.support_contact) == (4, "yes", True)


def test_history_says_not_asked_for_what_a_text_did_not_ask(signed_in, member):
    CheckInFactory(member=member, source="text", mood=None, sleep_hours=None)
    page = signed_in.get("/checkins/").content.decode()
    assert page.count("not asked") == 2


def test_in_spanish_the_halt_question_reads_as_one_sentence(client):
    client.force_login(UserFactory(language="es"))
    page = client.get("/checkin/").content.decode()
    # "En este momento, ¿cuánto sientes… hambre / enojo / soledad / cansancio"
    assert "En este momento, ¿cuánto sientes…" in page and "qué tanto estás" not in page
    legends = re.findall(r"<legend[^>]*>\s*([^<]*?)\s*<", page)
    assert [t for t in legends if t in ("hambre", "enojo", "soledad", "cansancio")] == [
        "hambre",
        "enojo",
        "soledad",
        "cansancio",
    ]


@pytest.mark.parametrize(("language", "shown"), [("en", "Very low"), ("es", "Muy bajo")])
def test_the_history_shows_mood_in_the_words_the_member_tapped(client, language, shown):
    member = UserFactory(language=language)
    CheckInFactory(member=member, local_date=local_date(member.timezone), mood=1)
    CheckInFactory(
        member=member, local_date=local_date(member.timezone) - timedelta(days=1), mood=None
    )
    client.force_login(member)
    rows = re.findall(r"<tr>\s*<td>.*?</tr>", client.get("/checkins/").content.decode(), re.S)
    cells = [re.findall(r"<td>(.*?)</td>", row) for row in rows]
    # Day, HALT, craving, mood, sleep, used: the word tapped, or "not asked" (a text check-in).
    assert [row[3] for row in cells] == [
        shown,
        "no se preguntó" if language == "es" else "not asked",
    ]
