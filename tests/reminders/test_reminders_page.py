"""The member's reminder page: their times, days and channels, quiet hours and a pause."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from checkins.progress import local_date
from reminders.models import EVERY_DAY, ReminderSchedule, ReminderSettings
from tests.pages import said
from tests.reminders.helpers import reminder_slot

pytestmark = pytest.mark.django_db

PAGE = "/checkin/reminders/"
MORNING = {"local_time": "08:30", "days": ["0", "2", "4"], "channels": ["email"]}


def _saved(member):
    """Everything about the member's reminders, to show that nothing changed."""
    schedules = list(
        ReminderSchedule.objects.filter(member=member).values_list(
            "pk", "local_time", "weekdays", "by_email", "by_sms", "in_app"
        )
    )
    prefs = ReminderSettings.objects.filter(member=member).values_list(
        "quiet_from", "quiet_until", "paused_until"
    )
    return schedules, list(prefs)


def _quiet(member, start, end):
    ReminderSettings.objects.filter(member=member).update(quiet_from=start, quiet_until=end)


def _settings(**data):
    return {"quiet_from": "", "quiet_until": "", "paused_until": "", **data}


def _delivery(member, channel, status, day, error=""):
    schedule = ReminderSchedule.objects.filter(member=member).first()
    due = datetime.combine(day, time(19), tzinfo=UTC)
    return reminder_slot(
        member,
        schedule=schedule,
        local_date=day,
        channel=channel,
        due_at=due,
        status=status,
        error=error,
    )


def test_the_page_shows_the_default_reminder_and_the_time_zone(signed_in, member):
    member.timezone = "America/Chicago"
    member.save()
    page = signed_in.get(PAGE).content.decode()
    assert "7 p.m." in page and "Every day" in page and "By email, in Waypoint" in page
    assert "Times are in your time zone, Central time (Chicago, Dallas, Houston)" in page
    assert 'href="/account/">change it on your profile' in page


@pytest.mark.parametrize(
    ("zone", "named"),
    [
        ("America/New_York", "Hora del Este (Nueva York, Atlanta, Miami)"),
        ("Africa/Abidjan", "Abidjan (África)"),
    ],
)
def test_a_spanish_speaking_member_reads_their_time_zone_in_words(signed_in, member, zone, named):
    member.language, member.timezone = "es", zone
    member.save(update_fields=["language", "timezone"])
    page = signed_in.get(PAGE).content.decode()
    assert f"Los horarios están en tu zona horaria, {named}" in page
    assert zone not in page


def test_a_reminder_is_added(signed_in, member):
    response = signed_in.post(PAGE, MORNING)
    assert response.url == PAGE
    added = ReminderSchedule.objects.get(member=member, local_time=time(8, 30))
    assert (added.weekdays, added.by_email, added.by_sms, added.in_app) == (
        0b10101,
        True,
        False,
        False,
    )
    page = signed_in.get(PAGE).content.decode()
    assert "Saved. Your 8:30 a.m. reminder is set." in page
    assert "Monday, Wednesday, Friday" in page
    assert page.index("8:30 a.m.") < page.index("7 p.m.")  # in time order


def test_a_reminder_is_changed_in_place(signed_in, member):
    default = ReminderSchedule.objects.get(member=member)
    form = signed_in.get(f"{PAGE}{default.pk}/").content.decode()
    assert "Change the 7 p.m. reminder" in form and 'value="19:00"' in form
    data = {"local_time": "20:15", "days": ["5", "6"], "channels": ["app"]}
    assert signed_in.post(f"{PAGE}{default.pk}/", data).url == PAGE
    [changed] = ReminderSchedule.objects.filter(member=member)
    assert changed.pk == default.pk  # the same slot: no second reminder that day
    assert (changed.local_time, changed.weekdays, changed.channels) == (
        time(20, 15),
        0b1100000,
        ["app"],
    )
    assert "Weekends" in signed_in.get(PAGE).content.decode()


def test_keeping_the_same_time_while_editing_is_not_a_duplicate(signed_in, member):
    default = ReminderSchedule.objects.get(member=member)
    data = {"local_time": "19:00", "days": ["0"], "channels": ["email"]}
    assert signed_in.post(f"{PAGE}{default.pk}/", data).status_code == 302


def test_deleting_the_last_reminder_says_how_to_add_one(signed_in, member):
    default = ReminderSchedule.objects.get(member=member)
    page = signed_in.get(PAGE).content.decode()
    assert "Yes, delete the 7 p.m. reminder" in page
    assert signed_in.get(f"{PAGE}{default.pk}/delete/").status_code == 405
    assert signed_in.post(f"{PAGE}{default.pk}/delete/").url == PAGE
    assert not ReminderSchedule.objects.filter(member=member).exists()
    page = signed_in.get(PAGE).content.decode()
    assert "Deleted your 7 p.m. reminder." in page
    assert "You have no reminders right now" in page and "Add a reminder below" in page


def test_text_messages_are_allowed_with_a_phone_number(signed_in, member):
    member.phone = "+12025550143"
    member.save()
    assert "Text messages go to (202) 555-0143" in signed_in.get(PAGE).content.decode()
    assert signed_in.post(PAGE, {**MORNING, "channels": ["sms", "app"]}).status_code == 302
    assert ReminderSchedule.objects.get(member=member, local_time=time(8, 30)).by_sms


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"days": []}, "Choose at least one day"),
        ({"channels": []}, "Choose at least one way to be reminded"),
        ({"channels": ["sms"]}, "Text messages need a phone number. Add yours on your profile"),
        ({"local_time": "19:00"}, "You already have a reminder at 7 p.m."),
        ({"local_time": "23:30"}, "That time is inside your quiet hours (10 p.m. to 7 a.m.)"),
        ({"local_time": "06:59"}, "That time is inside your quiet hours"),
        ({"local_time": ""}, "Choose a time for this reminder"),
        ({"local_time": "25:99"}, "Enter a time such as 7:30 PM"),
        ({"days": ["7"]}, "Select a valid choice"),
        ({"channels": ["pigeon"]}, "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(signed_in, member, data, message):
    _quiet(member, time(22), time(7))
    before = _saved(member)
    default = ReminderSchedule.objects.get(member=member)
    for url in (PAGE, f"{PAGE}{default.pk}/"):
        if url != PAGE and data.get("local_time") == "19:00":
            continue  # its own time is not a duplicate (tested above)
        response = signed_in.post(url, {**MORNING, **data})
        assert response.status_code == 200
        assert message in response.content.decode().replace("&#x27;", "'")
        assert _saved(member) == before


def test_the_phone_message_points_to_the_profile(signed_in):
    page = signed_in.post(PAGE, {**MORNING, "channels": ["sms"]}).content.decode()
    assert 'your phone number on <a href="/account/">your profile</a>' in page


def test_six_reminders_are_the_most(signed_in, member):
    for hour in range(8, 13):
        ReminderSchedule.objects.create(member=member, local_time=time(hour))
    page = signed_in.get(PAGE).content.decode()
    assert "You have 6 reminders, the most Waypoint keeps" in page
    assert 'value="Add reminder"' not in page
    response = signed_in.post(PAGE, {**MORNING, "local_time": "14:00"})
    assert response.status_code == 200
    assert "You have 6 reminders, the most Waypoint keeps" in response.content.decode()
    assert ReminderSchedule.objects.filter(member=member).count() == 6


def test_another_members_reminder_answers_404_and_is_unchanged(signed_in, other_member):
    theirs = ReminderSchedule.objects.get(member=other_member)
    assert signed_in.get(f"{PAGE}{theirs.pk}/").status_code == 404
    assert signed_in.post(f"{PAGE}{theirs.pk}/", MORNING).status_code == 404
    assert signed_in.post(f"{PAGE}{theirs.pk}/delete/").status_code == 404
    theirs.refresh_from_db()
    assert (theirs.local_time, theirs.weekdays) == (time(19), EVERY_DAY)


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", PAGE, None),
        ("post", PAGE, MORNING),
        ("post", f"{PAGE}settings/", {"paused_until": "2099-01-01"}),
        ("post", f"{PAGE}resume/", None),
    ],
)
def test_only_the_member_may_use_the_page(
    client, member, counselor, coordinator, method, url, data
):
    before = _saved(member)
    response = getattr(client, method)(url, data)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    for person in (counselor, coordinator):
        client.force_login(person)
        assert getattr(client, method)(url, data).status_code == 403
    own = ReminderSchedule.objects.get(member=member)
    for person in (counselor, coordinator):
        client.force_login(person)
        assert client.post(f"{PAGE}{own.pk}/delete/").status_code == 403
    assert _saved(member) == before
    assert not ReminderSchedule.objects.filter(member__in=[counselor, coordinator]).exists()


def test_pause_and_resume(signed_in, member):
    today = local_date(member.timezone)
    until = today + timedelta(days=7)
    response = signed_in.post(f"{PAGE}settings/", _settings(paused_until=until.isoformat()))
    assert response.url == PAGE
    assert ReminderSettings.objects.get(member=member).paused_until == until
    page = signed_in.get(PAGE).content.decode()
    assert f"Reminders are paused until {until:%A}, {until:%B} {until.day}" in page
    assert f'value="{until.isoformat()}"' in page  # kept when quiet hours are saved later

    assert signed_in.get(f"{PAGE}resume/").status_code == 405
    assert signed_in.post(f"{PAGE}resume/").url == PAGE
    assert ReminderSettings.objects.get(member=member).paused_until is None
    page = signed_in.get(PAGE).content.decode()
    assert "Reminders are back on." in page and "Reminders are paused" not in page


def test_a_pause_that_ran_out_is_not_shown(signed_in, member):
    yesterday = local_date(member.timezone) - timedelta(days=1)
    ReminderSettings.objects.filter(member=member).update(paused_until=yesterday)
    page = signed_in.get(PAGE).content.decode()
    assert "Reminders are paused" not in page and yesterday.isoformat() not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"paused_until": -1}, "Choose today or a later day"),
        ({"paused_until": 91}, "You can pause reminders for up to 90 days at a time"),
        ({"paused_until": "soon"}, "Pick a day from the calendar"),
        ({"quiet_from": "22:00"}, "Quiet hours need both a start and an end"),
        ({"quiet_until": "07:00"}, "Quiet hours need both a start and an end"),
        ({"quiet_from": "22:00", "quiet_until": "22:00"}, "need to end at a different time"),
        (
            {"quiet_from": "18:00", "quiet_until": "20:00"},
            "Your reminder at 7 p.m. is inside these quiet hours",
        ),
        (
            {"quiet_from": "18:30", "quiet_until": "08:00"},
            "Your reminders at 7 a.m. and 7 p.m. are inside these quiet hours",
        ),
    ],
)
def test_bad_settings_get_a_clear_message_and_change_nothing(signed_in, member, data, message):
    ReminderSchedule.objects.create(member=member, local_time=time(7))
    if isinstance(data.get("paused_until"), int):
        day = local_date(member.timezone) + timedelta(days=data["paused_until"])
        data = {**data, "paused_until": day.isoformat()}
    before = _saved(member)
    response = signed_in.post(f"{PAGE}settings/", _settings(**data))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'action="{PAGE}"' in page  # the add form still posts to the page, not here
    assert _saved(member) == before


def test_quiet_hours_may_cross_midnight_and_ninety_days_is_allowed(signed_in, member):
    last = local_date(member.timezone) + timedelta(days=90)
    data = _settings(quiet_from="22:00", quiet_until="07:00", paused_until=last.isoformat())
    assert signed_in.post(f"{PAGE}settings/", data).url == PAGE
    prefs = ReminderSettings.objects.get(member=member)
    assert (prefs.quiet_from, prefs.quiet_until, prefs.paused_until) == (time(22), time(7), last)
    assert signed_in.post(f"{PAGE}settings/", _settings()).url == PAGE
    prefs.refresh_from_db()
    assert (prefs.quiet_from, prefs.quiet_until, prefs.paused_until) == (None, None, None)


def test_a_member_without_a_settings_row_can_still_save(signed_in, member):
    ReminderSettings.objects.filter(member=member).delete()
    assert signed_in.get(PAGE).status_code == 200
    assert signed_in.post(PAGE, MORNING).status_code == 302
    data = _settings(quiet_from="22:00", quiet_until="07:00")
    assert signed_in.post(f"{PAGE}settings/", data).status_code == 302
    assert ReminderSettings.objects.get(member=member).quiet_from == time(22)


@time_machine.travel(datetime(2025, 11, 24, 15, tzinfo=UTC), tick=False)
def test_a_failed_delivery_is_shown_until_a_later_one_gets_through(signed_in, member):
    _delivery(member, "sms", "failed", date(2025, 11, 22), error="Gateway 21211: invalid 'To'")
    _delivery(member, "email", "sent", date(2025, 11, 22))
    _delivery(member, "app", "failed", date(2025, 11, 22))
    page = signed_in.get(PAGE).content.decode()
    assert "We couldn't reach you by text message on Nov 22" in page
    assert "check your phone number on" in page
    assert "21211" not in page and "Gateway" not in page
    assert "by email" not in page and "in Waypoint on" not in page

    _delivery(member, "sms", "quiet", date(2025, 11, 23))  # not an attempt: changes nothing
    assert "by text message on Nov 22" in signed_in.get(PAGE).content.decode()
    _delivery(member, "sms", "sent", date(2025, 11, 24))
    assert "couldn't reach you" not in signed_in.get(PAGE).content.decode()


@time_machine.travel(datetime(2025, 11, 24, 15, tzinfo=UTC), tick=False)
def test_an_email_failure_names_the_address_and_old_failures_are_forgotten(signed_in, member):
    _delivery(member, "email", "failed", date(2025, 11, 1))
    assert "couldn't reach you" not in signed_in.get(PAGE).content.decode()
    _delivery(member, "email", "failed", date(2025, 11, 20))
    page = signed_in.get(PAGE).content.decode()
    assert f"by email on Nov 20 — check that {member.email} is right" in page


def test_the_page_takes_a_constant_number_of_queries(
    signed_in, member, django_assert_num_queries, django_assert_max_num_queries
):
    signed_in.get(PAGE)  # the help panel's people are looked up once, then kept
    with django_assert_max_num_queries(10) as one:
        signed_in.get(PAGE)
    for hour in range(8, 12):
        schedule = ReminderSchedule.objects.create(member=member, local_time=time(hour))
        reminder_slot(
            member,
            schedule=schedule,
            local_date=local_date(member.timezone),
            channel="email",
            due_at=datetime.now(UTC),
            status="failed",
        )
    with django_assert_num_queries(len(one.captured_queries)):
        response = signed_in.get(PAGE)
    assert len(response.context["rows"]) == 5


def test_the_profile_links_to_the_reminders(signed_in):
    assert f'href="{PAGE}"' in signed_in.get("/account/").content.decode()


def test_a_text_reminder_without_a_phone_number_says_so(signed_in, member):
    ReminderSchedule.objects.filter(member=member).update(by_sms=True)
    page = signed_in.get(PAGE).content.decode()
    assert "Text messages can't go out until you add your phone number" in page


def test_a_deleted_reminder_can_be_put_back(signed_in, member):
    default = ReminderSchedule.objects.get(member=member)
    before = _saved(member)
    page = signed_in.post(f"{PAGE}{default.pk}/delete/", follow=True).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    assert "Deleted your 7 p.m. reminder." in page and ">Undo</button>" in page
    back = signed_in.post(f"{PAGE}undo/", {"token": token}, follow=True).content.decode()
    assert "Your 7 p.m. reminder is back." in back
    assert _saved(member) == before


def test_a_reminder_does_not_come_back_over_one_set_since(signed_in, member):
    default = ReminderSchedule.objects.get(member=member)
    page = signed_in.post(f"{PAGE}{default.pk}/delete/", follow=True).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    signed_in.post(PAGE, {**MORNING, "local_time": "19:00"})
    back = signed_in.post(f"{PAGE}undo/", {"token": token}, follow=True).content.decode()
    assert "could not come back" in back
    assert ReminderSchedule.objects.filter(member=member).count() == 1


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Reminders are paused until Sunday, December 20, including that day."),
        (
            "es",
            "Los recordatorios están en pausa hasta el domingo 20 de diciembre, incluido ese día.",
        ),
    ],
)
def test_the_pause_names_its_last_day_as_a_sentence_does(client, member, language, expected):
    # By-hand finding: Spanish read "hasta el Domingo 20 de diciembre".
    member.language = language
    member.save(update_fields=["language"])
    with time_machine.travel(datetime(2026, 12, 14, 15, tzinfo=UTC), tick=False):
        client.force_login(member)
        client.post(f"{PAGE}settings/", _settings(paused_until="2026-12-20"))
        assert expected in client.get(PAGE).content.decode()


def test_in_spanish_times_are_on_a_24_hour_clock(signed_in, member):
    member.language = "es"
    member.save(update_fields=["language"])
    signed_in.post(PAGE, {**MORNING, "local_time": "19:30"})
    _quiet(member, time(22, 0), time(7, 0))
    page = signed_in.get(PAGE).content.decode()
    assert "por ejemplo de 22:00 a 07:00" in page
    assert "19:30" in page and "PM" not in said(page) and "7:30 p" not in page
