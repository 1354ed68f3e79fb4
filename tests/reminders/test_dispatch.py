"""Dispatch (reminders.dispatch): the right local minute in every time zone, once per slot,
and a plain message.

Most tests call reminders.dispatch(since, now) with explicit UTC instants; send() reads the
clock, so those run under time_machine. The slot maths is in test_slots.py, the periodic
tasks in test_tasks.py, the joining default in test_defaults.py.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from messaging import outbox
from messaging.models import Delivery, DeliveryStatus
from messaging.outbox import Outcome
from messaging.tasks import send_deliveries, sweep_outbox
from reminders import dispatch as reminders
from reminders import status
from reminders.models import (
    EVERY_DAY,
    ReminderDelivery,
    ReminderSchedule,
    ReminderSettings,
    SkipReason,
)
from reminders.slots import MAX_LOOKBACK
from tests.factories import CheckInFactory, UserFactory
from tests.reminders.helpers import (
    APP,
    EMAIL,
    GRACE,
    LA,
    LATE,
    MAX_ATTEMPTS,
    MINUTE,
    MONDAY,
    NY,
    NY_SEVEN_PM,
    PENDING,
    PHONE,
    SENT,
    SMS,
    TEXT,
    RecordingSms,
    RejectingSms,
    UnreachableSms,
    member_with_reminder,
    save_at,
    set_reminder_settings,
    slots,
    utc,
    weekday_bits,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_transports")]


def dispatch_every_minute(start, end, step=MINUTE):
    """Dispatch each `step` from start to end; {tick: delivery ids handed to send}."""
    handed = {}
    since = start
    now = start + step
    while now <= end:
        tick = reminders.dispatch(since, now)
        if tick.to_send:
            handed[now] = tick.to_send
        since, now = now, now + step
    return handed


def send_at(now, ids):
    with time_machine.travel(now, tick=False):
        return send_deliveries(list(ids))


# --- 1. Clock changes ------------------------------------------------------------------------


def test_spring_forward_a_skipped_time_fires_once_at_the_next_valid_minute():
    _member, schedule = member_with_reminder(NY, time(2, 30))
    handed = dispatch_every_minute(utc(2026, 3, 8, 5, 0), utc(2026, 3, 8, 9, 0))
    [delivery_id] = handed.pop(utc(2026, 3, 8, 7, 0))  # 03:00 EDT
    assert handed == {}
    assert slots() == [(date(2026, 3, 8), EMAIL, utc(2026, 3, 8, 7, 0), PENDING)]
    assert ReminderDelivery.objects.get(pk=delivery_id).schedule == schedule


def test_fall_back_a_repeated_time_fires_once_at_its_first_occurrence():
    member_with_reminder(NY, time(1, 30), in_app=True)
    # The wall clock shows 01:30 at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
    handed = dispatch_every_minute(utc(2026, 11, 1, 4, 0), utc(2026, 11, 1, 8, 0))
    assert list(handed) == [utc(2026, 11, 1, 5, 30)]
    assert slots() == [
        (date(2026, 11, 1), APP, utc(2026, 11, 1, 5, 30), SENT),
        (date(2026, 11, 1), EMAIL, utc(2026, 11, 1, 5, 30), PENDING),
    ]


def test_fall_back_an_outage_across_the_change_catches_up_at_once_not_an_hour_later():
    member_with_reminder(NY, time(1, 55))
    # Workers down from 01:50 EDT to 01:10 EST: 01:55 EDT (05:55 UTC) was missed.
    tick = reminders.dispatch(utc(2026, 11, 1, 5, 50), utc(2026, 11, 1, 6, 10))
    assert len(tick.to_send) == 1
    assert slots() == [(date(2026, 11, 1), EMAIL, utc(2026, 11, 1, 5, 55), PENDING)]
    # The wall clock reaches 01:55 again at 06:55 UTC: the slot is already handled.
    assert dispatch_every_minute(utc(2026, 11, 1, 6, 10), utc(2026, 11, 1, 8, 0)) == {}
    assert ReminderDelivery.objects.count() == 1


@pytest.mark.parametrize(
    ("at", "start", "end", "fired_at", "day"),
    [
        pytest.param(
            time(2, 15),
            utc(2026, 10, 3, 15, 0),
            utc(2026, 10, 3, 16, 30),
            utc(2026, 10, 3, 15, 30),  # the clocks go from 02:00 to 02:30
            date(2026, 10, 4),
            id="half-hour-forward",
        ),
        pytest.param(
            time(1, 45),
            utc(2026, 4, 4, 14, 0),
            utc(2026, 4, 4, 16, 0),
            utc(2026, 4, 4, 14, 45),  # 01:45 happens at 14:45 and at 15:15 UTC
            date(2026, 4, 5),
            id="half-hour-back",
        ),
    ],
)
def test_lord_howe_half_hour_changes(at, start, end, fired_at, day):
    member_with_reminder("Australia/Lord_Howe", at)
    handed = dispatch_every_minute(start, end)
    assert list(handed) == [fired_at]
    assert slots() == [(day, EMAIL, fired_at, PENDING)]


# --- 2. Dispatch ----------------------------------------------------------------------------


def test_the_same_local_time_in_two_zones_fires_at_each_zones_own_minute():
    new_york, _s = member_with_reminder(NY)
    los_angeles, _s = member_with_reminder(LA)
    kolkata, _s = member_with_reminder("Asia/Kolkata")
    five = 5 * MINUTE  # long stretches in 5-minute ticks: slots do not depend on the step
    handed = dispatch_every_minute(utc(2026, 6, 15, 13, 0), utc(2026, 6, 16, 3, 0), five)
    assert {at: ReminderDelivery.objects.get(pk=ids[0]).member for at, ids in handed.items()} == {
        utc(2026, 6, 15, 13, 30): kolkata,
        utc(2026, 6, 15, 23, 0): new_york,
        utc(2026, 6, 16, 2, 0): los_angeles,
    }
    assert set(ReminderDelivery.objects.values_list("local_date", flat=True)) == {MONDAY}


@pytest.mark.parametrize(
    ("weekdays", "fires"),
    [
        (weekday_bits(0), True),  # Monday in Tokyo
        (weekday_bits(6), False),  # Sunday, the day it is in UTC
        (weekday_bits(0, 6), True),
        (EVERY_DAY & ~weekday_bits(0), False),
    ],
)
def test_the_day_of_week_is_the_members_local_day(weekdays, fires):
    # 07:00 on Monday in Tokyo is 22:00 on Sunday in UTC.
    member_with_reminder("Asia/Tokyo", time(7, 0), weekdays=weekdays)
    tick = reminders.dispatch(utc(2026, 6, 14, 21, 59), utc(2026, 6, 14, 22, 0))
    assert slots() == ([(MONDAY, EMAIL, utc(2026, 6, 14, 22, 0), PENDING)] if fires else [])
    assert len(tick.to_send) == int(fires)


@pytest.mark.parametrize(
    ("paused_until", "fires"),
    [
        (None, True),
        (date(2026, 6, 14), True),  # yesterday: the pause is over
        (MONDAY, False),  # up to and including today
        (date(2026, 7, 1), False),
    ],
)
def test_a_pause_includes_its_last_day(paused_until, fires):
    member, _s = member_with_reminder(NY)
    set_reminder_settings(member, paused_until=paused_until)
    reminders.dispatch(utc(2026, 6, 15, 22, 59), NY_SEVEN_PM)
    assert ReminderDelivery.objects.filter(member=member).count() == int(fires)


def test_a_member_without_settings_row_still_gets_reminders():
    member, _s = member_with_reminder(NY)
    ReminderSettings.objects.filter(member=member).delete()
    reminders.dispatch(utc(2026, 6, 15, 22, 59), NY_SEVEN_PM)
    assert slots(member=member) == [(MONDAY, EMAIL, NY_SEVEN_PM, PENDING)]


@pytest.mark.parametrize(
    ("checked_in_on", "fires"),
    [(None, True), (date(2026, 6, 14), True), (MONDAY, False)],
)
def test_a_member_who_checked_in_today_gets_no_reminder(checked_in_on, fires):
    member, _s = member_with_reminder(NY)
    if checked_in_on:
        CheckInFactory(member=member, local_date=checked_in_on)
    reminders.dispatch(utc(2026, 6, 15, 22, 59), NY_SEVEN_PM)
    assert ReminderDelivery.objects.filter(member=member).count() == int(fires)


def test_checked_in_today_is_the_members_local_today():
    # 19:00 Monday in Los Angeles is 02:00 Tuesday UTC; a check-in dated Monday counts.
    member, _s = member_with_reminder(LA)
    CheckInFactory(member=member, local_date=MONDAY)
    reminders.dispatch(utc(2026, 6, 16, 1, 59), utc(2026, 6, 16, 2, 0))
    assert not ReminderDelivery.objects.exists()


def test_inactive_members_and_counselors_get_no_reminders():
    member_with_reminder(NY, is_active=False)
    counselor = UserFactory(role=Role.COUNSELOR, timezone=NY)
    ReminderSchedule.objects.create(member=counselor, local_time=time(19, 0))
    reminders.dispatch(utc(2026, 6, 15, 22, 59), NY_SEVEN_PM)
    assert not ReminderDelivery.objects.exists()


@pytest.mark.parametrize(
    ("quiet_from", "quiet_until", "status"),
    [
        (time(18, 0), time(7, 0), SkipReason.QUIET),
        (time(19, 0), time(20, 0), SkipReason.QUIET),
        (time(22, 0), time(7, 0), PENDING),
        (time(17, 0), time(19, 0), PENDING),  # until is exclusive
    ],
)
def test_quiet_hours_record_the_slot_and_send_nothing(quiet_from, quiet_until, status):
    member, _s = member_with_reminder(NY, in_app=True)
    set_reminder_settings(member, quiet_from=quiet_from, quiet_until=quiet_until)
    tick = reminders.dispatch(utc(2026, 6, 15, 22, 59), NY_SEVEN_PM)
    in_app = SENT if status == PENDING else status
    assert slots() == [(MONDAY, APP, NY_SEVEN_PM, in_app), (MONDAY, EMAIL, NY_SEVEN_PM, status)]
    send_at(NY_SEVEN_PM, tick.to_send)
    assert len(mail.outbox) == int(status == PENDING)


def test_quiet_hours_apply_to_the_time_a_late_reminder_would_go_out():
    # A 21:00 reminder caught up at 22:30, inside quiet hours from 22:00, stays quiet.
    member, _s = member_with_reminder(NY, time(21, 0))
    set_reminder_settings(member, quiet_from=time(22, 0), quiet_until=time(7, 0))
    tick = reminders.dispatch(utc(2026, 6, 16, 0, 50), utc(2026, 6, 16, 2, 30))
    assert slots() == [(MONDAY, EMAIL, utc(2026, 6, 16, 1, 0), SkipReason.QUIET)]
    assert tick.to_send == []


@pytest.mark.parametrize(
    ("by_email", "by_sms", "in_app", "channels"),
    [
        (True, False, False, {EMAIL}),
        (False, True, False, {SMS}),
        (False, False, True, {APP}),
        (True, True, True, {EMAIL, SMS, APP}),
        (False, True, True, {SMS, APP}),
    ],
)
def test_one_row_per_chosen_channel_and_in_app_is_shown_at_once(by_email, by_sms, in_app, channels):
    member, _s = member_with_reminder(
        NY, by_email=by_email, by_sms=by_sms, in_app=in_app, phone=PHONE
    )
    tick = reminders.dispatch(utc(2026, 6, 15, 22, 59), NY_SEVEN_PM)
    rows = {row.channel: row for row in ReminderDelivery.objects.filter(member=member)}
    assert set(rows) == channels
    assert tick.recorded == len(channels)
    assert set(tick.to_send) == {row.pk for channel, row in rows.items() if channel != APP}
    for channel, row in rows.items():
        assert (row.local_date, row.due_at, row.created_at) == (MONDAY, NY_SEVEN_PM, NY_SEVEN_PM)
        if channel == APP:
            assert (row.status, row.sent_at) == (SENT, NY_SEVEN_PM)
        else:
            assert (row.status, row.sent_at, row.attempts) == (PENDING, None, 0)
    send_at(NY_SEVEN_PM + timedelta(seconds=5), tick.to_send)
    assert len(mail.outbox) == int(by_email)
    assert RecordingSms.sent == ([(PHONE, TEXT)] if by_sms else [])


def test_dispatching_the_same_window_twice_records_and_sends_once():
    member_with_reminder(NY)
    since = utc(2026, 6, 15, 22, 59)
    first = reminders.dispatch(since, NY_SEVEN_PM)
    second = reminders.dispatch(since, NY_SEVEN_PM)
    assert ReminderDelivery.objects.count() == 1
    # The same instant names the same pending rows; the send claims each one once.
    assert first.to_send == second.to_send
    assert send_at(NY_SEVEN_PM, first.to_send + second.to_send) == 1
    assert len(mail.outbox) == 1
    assert slots() == [(MONDAY, EMAIL, NY_SEVEN_PM, SENT)]
    assert ReminderDelivery.objects.get().attempts == 1


def test_overlapping_windows_record_a_slot_once_and_hand_it_over_once():
    member_with_reminder(NY)
    first = reminders.dispatch(utc(2026, 6, 15, 22, 55), NY_SEVEN_PM)
    later = reminders.dispatch(utc(2026, 6, 15, 22, 58), utc(2026, 6, 15, 23, 2))
    assert len(first.to_send) == 1
    assert later.to_send == []
    assert ReminderDelivery.objects.get().created_at == NY_SEVEN_PM


def test_a_ninety_minute_outage_is_caught_up_and_sent():
    member_with_reminder(NY)
    now = NY_SEVEN_PM + timedelta(minutes=90)
    tick = reminders.dispatch(utc(2026, 6, 15, 22, 50), now)
    assert slots() == [(MONDAY, EMAIL, NY_SEVEN_PM, PENDING)]
    assert send_at(now + timedelta(seconds=10), tick.to_send) == 1
    assert [m.body for m in mail.outbox] == [TEXT]


def test_a_three_hour_outage_records_the_slot_as_late_and_sends_nothing():
    member_with_reminder(NY, in_app=True)
    tick = reminders.dispatch(utc(2026, 6, 15, 22, 50), NY_SEVEN_PM + timedelta(hours=3))
    assert slots() == [(MONDAY, APP, NY_SEVEN_PM, LATE), (MONDAY, EMAIL, NY_SEVEN_PM, LATE)]
    assert tick.to_send == []


def test_an_outage_longer_than_the_lookback_drops_the_oldest_slots():
    member_with_reminder(NY, time(19, 0))
    morning, _s = member_with_reminder(NY, time(6, 0))
    now = utc(2026, 6, 16, 22, 0)  # 23 hours after the last tick
    assert now - MAX_LOOKBACK > NY_SEVEN_PM
    tick = reminders.dispatch(utc(2026, 6, 15, 22, 50), now)
    # Monday 19:00 is older than the lookback: not recorded. Tuesday 06:00 is late.
    assert slots() == [(date(2026, 6, 16), EMAIL, utc(2026, 6, 16, 10, 0), LATE)]
    assert ReminderDelivery.objects.get().member == morning
    assert tick.to_send == []


# --- 3. Editing a schedule ------------------------------------------------------------------


def test_a_new_time_later_the_same_day_does_not_send_again():
    _member, schedule = member_with_reminder(NY)
    handed = dispatch_every_minute(utc(2026, 6, 15, 22, 0), NY_SEVEN_PM + MINUTE)
    send_at(NY_SEVEN_PM, handed[NY_SEVEN_PM])
    schedule.local_time = time(20, 0)
    schedule.by_sms = True  # a channel added after the day's reminder went out
    save_at(schedule, NY_SEVEN_PM + MINUTE)
    assert dispatch_every_minute(NY_SEVEN_PM + MINUTE, utc(2026, 6, 16, 1, 0)) == {}
    assert len(mail.outbox) == 1
    # The next day the new time holds.
    handed = dispatch_every_minute(utc(2026, 6, 16, 23, 0), utc(2026, 6, 17, 1, 0))
    assert list(handed) == [utc(2026, 6, 17, 0, 0)]
    assert (date(2026, 6, 16), EMAIL, utc(2026, 6, 17, 0, 0), PENDING) in slots()


@pytest.mark.parametrize(
    "edited_at",
    [
        pytest.param(utc(2026, 6, 15, 23, 30), id="after-19:00-went-out"),
        pytest.param(utc(2026, 6, 15, 22, 30), id="at-18:30-before-19:00"),
    ],
)
def test_a_new_earlier_time_already_past_sends_nothing_that_day(edited_at):
    _member, schedule = member_with_reminder(NY)
    dispatch_every_minute(utc(2026, 6, 15, 22, 0), edited_at)
    before = slots()
    schedule.local_time = time(18, 0)
    save_at(schedule, edited_at)
    assert dispatch_every_minute(edited_at, utc(2026, 6, 16, 4, 0)) == {}
    assert slots() == before
    handed = dispatch_every_minute(utc(2026, 6, 16, 21, 0), utc(2026, 6, 16, 23, 30))
    assert list(handed) == [utc(2026, 6, 16, 22, 0)]  # 18:00 EDT on Tuesday


@pytest.mark.parametrize(
    ("old_tz", "new_tz", "fired_at", "next_fire"),
    [
        pytest.param(NY, LA, NY_SEVEN_PM, utc(2026, 6, 17, 2, 0), id="new-york-to-los-angeles"),
        pytest.param(
            "Asia/Tokyo",
            LA,
            utc(2026, 6, 15, 10, 0),
            utc(2026, 6, 17, 2, 0),
            id="tokyo-to-los-angeles",
        ),
    ],
)
def test_moving_west_after_the_slot_fired_does_not_repeat_it(old_tz, new_tz, fired_at, next_fire):
    member, _s = member_with_reminder(old_tz)
    handed = dispatch_every_minute(fired_at - timedelta(hours=1), fired_at)
    assert list(handed) == [fired_at]
    member.timezone = new_tz
    member.save()
    # Monday 19:00 comes round again in the new zone at 02:00 UTC Tuesday: same local day.
    ten = 10 * MINUTE
    assert dispatch_every_minute(fired_at, utc(2026, 6, 16, 12, 0), ten) == {}
    assert dispatch_every_minute(utc(2026, 6, 16, 12, 0), next_fire, ten) == {
        next_fire: [ReminderDelivery.objects.get(local_date=date(2026, 6, 16)).pk]
    }
    assert list(ReminderDelivery.objects.values_list("local_date", flat=True)) == [
        date(2026, 6, 16),
        MONDAY,
    ]


def test_a_pause_set_after_dispatch_stops_a_reminder_not_yet_sent():
    # A retry can come minutes after dispatch: a pause set meanwhile is respected then.
    member, _s = member_with_reminder(NY)
    tick = reminders.dispatch(utc(2026, 6, 15, 22, 59), NY_SEVEN_PM)
    set_reminder_settings(member, paused_until=date(2026, 6, 20))
    assert send_at(NY_SEVEN_PM + timedelta(seconds=2), tick.to_send) == 0
    assert slots() == [(MONDAY, EMAIL, NY_SEVEN_PM, "paused")]
    # The next day's slot is not recorded at all.
    reminders.dispatch(utc(2026, 6, 16, 22, 59), utc(2026, 6, 16, 23, 0))
    assert ReminderDelivery.objects.count() == 1


def test_a_reminder_deleted_between_claim_and_send_is_dropped_quietly():
    _member, schedule = member_with_reminder(NY)
    tick = reminders.dispatch(utc(2026, 6, 15, 22, 59), NY_SEVEN_PM)
    [delivery_id] = tick.to_send
    schedule.delete()
    with time_machine.travel(NY_SEVEN_PM, tick=False):
        assert outbox.send(delivery_id) == Outcome.SKIPPED
    assert mail.outbox == []


# --- 4. Sending -----------------------------------------------------------------------------

HEALTH_WORDS = [
    "alert",
    "craving",
    "drink",
    "halt",
    "lapse",
    "mood",
    "recovery",
    "relapse",
    "risk",
    "sober",
    "struggl",
    "use",
    "warning",
]


def pending_delivery(channel=EMAIL, phone=PHONE, tz=NY):
    member, _schedule = member_with_reminder(
        tz, by_email=channel == EMAIL, by_sms=channel == SMS, phone=phone
    )
    [delivery_id] = reminders.dispatch(utc(2026, 6, 15, 22, 59), NY_SEVEN_PM).to_send
    return member, delivery_id


def test_an_email_reminder_is_short_has_the_link_and_no_health_content():
    member, delivery_id = pending_delivery(EMAIL)
    sent_at = NY_SEVEN_PM + timedelta(seconds=3)
    with time_machine.travel(sent_at, tick=False):
        assert outbox.send(delivery_id) == Outcome.SENT
    [message] = mail.outbox
    assert message.to == [member.email]
    assert message.subject == "Time for your check-in"
    assert message.body == TEXT
    for text in (message.subject, message.body):
        words = re.findall(r"[a-z]+", text.lower())
        assert not [w for w in words for bad in HEALTH_WORDS if w.startswith(bad)]
        assert member.display_name not in text
    row = ReminderDelivery.objects.get(pk=delivery_id)
    assert (row.status, row.attempts, row.provider_id, row.error, row.sent_at) == (
        SENT,
        1,
        "",
        "",
        sent_at,
    )


def test_an_sms_reminder_records_the_gateways_id():
    _member, delivery_id = pending_delivery(SMS)
    with time_machine.travel(NY_SEVEN_PM, tick=False):
        assert outbox.send(delivery_id) == Outcome.SENT
    assert RecordingSms.sent == [(PHONE, TEXT)]
    assert mail.outbox == []
    row = ReminderDelivery.objects.get(pk=delivery_id)
    assert (row.status, row.attempts, row.provider_id, row.sent_at) == (
        SENT,
        1,
        "sms-1",
        NY_SEVEN_PM,
    )


REPLY_TEXT = {
    "en": "Time for your Waypoint check-in. Reply to this text to check in, or open "
    "http://testserver/checkin/",
    "es": "Es hora de tu registro diario en Waypoint. Responde a este mensaje para hacerlo, "
    "o abre http://testserver/checkin/",
}
PLAIN_TEXT = {
    "en": TEXT,
    "es": "Es hora de tu registro diario en Waypoint: http://testserver/checkin/",
}


def send_the_reminders() -> tuple[list[tuple[str, str]], list[str]]:
    """Dispatch Monday 19:00 in New York and send it all: (texts, email bodies)."""
    with time_machine.travel(NY_SEVEN_PM, tick=False):
        for delivery_id in reminders.dispatch(utc(2026, 6, 15, 22, 59), NY_SEVEN_PM).to_send:
            assert outbox.send(delivery_id) == Outcome.SENT
    return RecordingSms.sent, [message.body for message in mail.outbox]


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_text_reminder_says_a_reply_checks_in_where_it_would(settings, language):
    settings.WAYPOINT_SMS_WEBHOOK_SECRET = "secret"  # texts come in
    member_with_reminder(by_sms=True, by_email=True, phone=PHONE, language=language)
    # Someone else who once had the number, no longer a member here: the number is theirs.
    UserFactory(phone=PHONE, is_active=False)
    texts, emails = send_the_reminders()
    assert texts == [(PHONE, REPLY_TEXT[language])]
    assert emails == [PLAIN_TEXT[language]]  # an email cannot be answered to check in


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("why", ["texts do not come in", "two members share the number"])
def test_a_text_reminder_stays_as_it_was_where_a_reply_would_check_no_one_in(
    settings, why, language
):
    settings.WAYPOINT_SMS_WEBHOOK_SECRET = "" if why == "texts do not come in" else "secret"
    member_with_reminder(by_sms=True, by_email=False, phone=PHONE, language=language)
    if why == "two members share the number":
        UserFactory(phone=PHONE)  # a text from it is no one's (texting.conversation)
    texts, _emails = send_the_reminders()
    assert texts == [(PHONE, PLAIN_TEXT[language])]


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_text_reminder_that_invites_a_reply_is_still_one_text(settings, language):
    settings.WAYPOINT_SITE_URL = "https://waypoint.recovery-program.example.org"
    text = reminders.reminder_text(language=language, by_reply=True)
    assert "Reply to this text" in text or "Responde a este mensaje" in text
    assert len(text) <= 160 and set(text) <= GSM_7, (len(text), set(text) - GSM_7)


@pytest.mark.parametrize("language", ["en", "es"])
def test_with_a_long_site_address_the_text_reminder_stays_plain_and_whole(settings, language):
    settings.WAYPOINT_SITE_URL = "https://" + "a" * 60 + ".example.org"
    text = reminders.reminder_text(language=language, by_reply=True)
    assert text == reminders.reminder_text(language=language) and len(text) <= 160


# GSM 03.38's basic alphabet, written out here again so that the test does not take the rule
# from the code it checks (messaging.segments).
GSM_7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


def test_a_check_in_between_dispatch_and_send_stops_the_reminder():
    member, delivery_id = pending_delivery(EMAIL)
    CheckInFactory(member=member, local_date=MONDAY)
    with time_machine.travel(NY_SEVEN_PM + MINUTE, tick=False):
        assert outbox.send(delivery_id) == Outcome.SKIPPED
    assert mail.outbox == []
    row = ReminderDelivery.objects.get(pk=delivery_id)
    assert (row.status, row.sent_at) == (SkipReason.CHECKED_IN, None)


@pytest.mark.parametrize(
    ("delay", "status", "emails"),
    [
        (GRACE, SENT, 1),
        (GRACE + timedelta(seconds=1), LATE, 0),
        (timedelta(hours=5), LATE, 0),
    ],
)
def test_a_reminder_beyond_the_grace_window_at_send_time_is_skipped(delay, status, emails):
    _member, delivery_id = pending_delivery(EMAIL)
    with time_machine.travel(NY_SEVEN_PM + delay, tick=False):
        outbox.send(delivery_id)
    assert ReminderDelivery.objects.get(pk=delivery_id).status == status
    assert len(mail.outbox) == emails


@pytest.mark.parametrize(
    ("phone", "backend", "error"),
    [
        ("", "RecordingSms", "no phone number"),
        (PHONE, "RejectingSms", "gateway answered 400"),
    ],
)
def test_a_permanent_sms_failure_is_recorded_and_never_retried(settings, phone, backend, error):
    settings.WAYPOINT_SMS_BACKEND = f"tests.reminders.helpers.{backend}"
    _member, delivery_id = pending_delivery(SMS, phone=phone)
    assert send_at(NY_SEVEN_PM, [delivery_id]) == 0
    assert send_at(NY_SEVEN_PM + MINUTE, [delivery_id]) == 0
    with time_machine.travel(NY_SEVEN_PM + timedelta(minutes=30), tick=False):
        assert sweep_outbox() == 0  # nothing to retry
    row = ReminderDelivery.objects.get(pk=delivery_id)
    assert (row.status, row.attempts, row.error, row.sent_at) == (
        DeliveryStatus.FAILED,
        1,
        error,
        None,
    )
    assert RecordingSms.sent == []
    assert RejectingSms.calls == int(backend == "RejectingSms")


def test_a_passing_sms_failure_is_retried_with_growing_waits_then_given_up(settings):
    settings.WAYPOINT_SMS_BACKEND = "tests.reminders.helpers.UnreachableSms"
    _member, delivery_id = pending_delivery(SMS)
    send_at(NY_SEVEN_PM, [delivery_id])
    row = ReminderDelivery.objects.get(pk=delivery_id)
    assert (row.status, row.attempts, row.error) == (PENDING, 1, "gateway answered 503")
    # The outbox's sweep, every minute, hands it over again once its wait is over.
    for minute in range(1, 21):
        with time_machine.travel(NY_SEVEN_PM + minute * MINUTE, tick=False):
            sweep_outbox()
    assert UnreachableSms.tried_at == [NY_SEVEN_PM + m * MINUTE for m in (0, 1, 3, 7, 15)]
    row = ReminderDelivery.objects.get(pk=delivery_id)
    assert (row.status, row.attempts, row.sent_at) == (DeliveryStatus.FAILED, MAX_ATTEMPTS, None)
    # A late duplicate of the last try finds nothing to do.
    with time_machine.travel(NY_SEVEN_PM + timedelta(minutes=20), tick=False):
        assert outbox.send(delivery_id) == Outcome.NOT_CLAIMED
    assert UnreachableSms.calls == MAX_ATTEMPTS


def test_a_mail_server_that_is_down_is_a_passing_failure_and_the_retry_sends(settings):
    settings.EMAIL_BACKEND = "tests.reminders.helpers.DownMailBackend"
    _member, delivery_id = pending_delivery(EMAIL)
    with time_machine.travel(NY_SEVEN_PM, tick=False):
        assert outbox.send(delivery_id) == Outcome.RETRY
    row = ReminderDelivery.objects.get(pk=delivery_id)
    assert (row.status, row.attempts, row.error) == (
        PENDING,
        1,
        "mail server: ConnectionRefusedError",
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NY_SEVEN_PM + MINUTE, tick=False):
        assert sweep_outbox() == 1
    row = ReminderDelivery.objects.get(pk=delivery_id)
    assert (row.status, row.attempts, row.error, row.sent_at) == (
        SENT,
        2,
        "",
        NY_SEVEN_PM + MINUTE,
    )
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("channel", [EMAIL, SMS])
def test_sending_twice_sends_one_message(channel):
    _member, delivery_id = pending_delivery(channel)
    with time_machine.travel(NY_SEVEN_PM, tick=False):
        assert outbox.send(delivery_id) == Outcome.SENT
        # The broker hands the task over again: the worker died before acknowledging.
        assert outbox.send(delivery_id) == Outcome.NOT_CLAIMED
        assert send_deliveries([delivery_id, delivery_id]) == 0
    assert len(mail.outbox) + len(RecordingSms.sent) == 1
    assert ReminderDelivery.objects.get(pk=delivery_id).attempts == 1


def test_a_row_claimed_by_a_worker_that_died_mid_send_is_not_sent_again():
    _member, delivery_id = pending_delivery(EMAIL)
    Delivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.SENDING, attempts=1, claimed_at=NY_SEVEN_PM
    )
    with time_machine.travel(NY_SEVEN_PM + MINUTE, tick=False):
        assert outbox.send(delivery_id) == Outcome.NOT_CLAIMED
        sweep_outbox()
    assert mail.outbox == []
    assert ReminderDelivery.objects.get(pk=delivery_id).status == DeliveryStatus.SENDING


def test_the_in_app_reminder_shows_until_the_member_checks_in():
    member, _s = member_with_reminder(NY, by_email=False, in_app=True)
    reminders.dispatch(utc(2026, 6, 15, 22, 59), NY_SEVEN_PM)
    with time_machine.travel(NY_SEVEN_PM + MINUTE, tick=False):
        assert status.reminder_due_today(member)
        CheckInFactory(member=member, local_date=MONDAY)
        assert not status.reminder_due_today(member)


# --- 5. Cost ---------------------------------------------------------------------------------

# 23:00 UTC is 19:00 in New York, 18:00 in Chicago and 04:30 the next day in Kolkata.
ZONES = [(NY, time(19, 0)), ("America/Chicago", time(18, 0)), ("Asia/Kolkata", time(4, 30))]


def test_dispatch_costs_the_same_queries_for_one_or_fifty_members():
    member_with_reminder(NY)
    with CaptureQueriesContext(connection) as one:
        tick = reminders.dispatch(utc(2026, 6, 15, 22, 59), NY_SEVEN_PM)
    assert tick.recorded == 1
    for n in range(49):
        member_with_reminder(*ZONES[n % 3])
    with CaptureQueriesContext(connection) as fifty:
        tick = reminders.dispatch(utc(2026, 6, 16, 22, 59), utc(2026, 6, 16, 23, 0))
    assert tick.recorded == 50
    assert len(tick.to_send) == 50
    assert len(fifty) == len(one)
    # Zones, the union of pieces, the insert (in a savepoint), what to send.
    assert len(one) <= 6


def test_a_reminder_set_up_during_an_outage_does_not_catch_up_a_slot_before_it_existed():
    _member, schedule = member_with_reminder(NY)  # 19:00
    # Workers were down from 18:30; at 19:30 the member adds a 19:15 reminder too.
    later = ReminderSchedule.objects.create(member=schedule.member, local_time=time(19, 15))
    ReminderSchedule.objects.filter(pk=later.pk).update(updated_at=utc(2026, 6, 15, 23, 30))

    tick = reminders.dispatch(utc(2026, 6, 15, 22, 30), utc(2026, 6, 15, 23, 40))

    assert {d.schedule_id for d in ReminderDelivery.objects.all()} == {schedule.pk}
    assert len(tick.to_send) == 1


def test_a_retry_that_runs_into_quiet_hours_is_dropped():
    member, _s = member_with_reminder(NY, time(21, 50))
    set_reminder_settings(member, quiet_from=time(22, 0), quiet_until=time(7, 0))
    [delivery_id] = reminders.dispatch(utc(2026, 6, 16, 1, 49), utc(2026, 6, 16, 1, 50)).to_send

    with time_machine.travel(utc(2026, 6, 16, 2, 5), tick=False):  # 22:05 EDT
        assert outbox.send(delivery_id) == Outcome.SKIPPED

    assert ReminderDelivery.objects.get(pk=delivery_id).status == "quiet"
    assert mail.outbox == []
