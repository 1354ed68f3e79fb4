"""The BAM reminder (reminders.dispatch, kind "bam"): on the member's own reminder times,
only when a BAM is due (measures.models.due_q), once a day and once a week at most, with no
health content, and skipped at send time if the member answered meanwhile."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail

from measures.models import BamResult
from messaging import outbox
from messaging.outbox import Outcome
from reminders import dispatch as reminders
from reminders.models import ReminderDelivery, ReminderKind, ReminderSchedule, SkipReason
from tests.factories import CheckInFactory
from tests.reminders.helpers import MONDAY, NY, NY_SEVEN_PM, PHONE, member_with_reminder, utc

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_transports")]

JOINED = datetime(2026, 5, 1, tzinfo=UTC)  # weeks before MONDAY: the first BAM is due
BEFORE = utc(2026, 6, 15, 22, 59)
BAM_TEXT = "Your Waypoint check-up is ready: http://testserver/check-up/"


def _member(**fields):
    return member_with_reminder(NY, date_joined=JOINED, **fields)


def _bam_slots(member):
    return list(
        ReminderDelivery.objects.filter(member=member, kind=ReminderKind.BAM).order_by("due_at")
    )


def _answered(member, on, next_due):
    BamResult.objects.create(
        member=member,
        version="BAM-2013",
        answers={},
        use=0,
        risk=4,
        protective=20,
        satisfaction=3,
        started_at=JOINED,
        completed_at=JOINED,
        local_date=on,
        next_due_on=next_due,
    )


def test_a_due_bam_is_reminded_at_the_members_reminder_time_with_no_health_content():
    member, _s = _member()
    tick = reminders.dispatch(BEFORE, NY_SEVEN_PM)
    [slot] = _bam_slots(member)
    assert (slot.local_date, slot.channel, slot.delivery.text) == (MONDAY, "email", BAM_TEXT)
    assert slot.pk in tick.to_send
    # The check-in reminder goes too: the two are separate slots of the same schedule.
    assert ReminderDelivery.objects.filter(member=member, kind=ReminderKind.CHECKIN).count() == 1
    with time_machine.travel(NY_SEVEN_PM, tick=False):
        assert outbox.send(slot.pk) == Outcome.SENT
    [sent] = [m for m in mail.outbox if "check-up" in m.body]
    assert sent.subject == "Your check-up is ready"
    assert "BAM" not in sent.subject + sent.body and "alcohol" not in sent.body.lower()


def test_a_bam_reminder_by_text_never_says_a_reply_answers_it(settings):
    settings.WAYPOINT_SMS_WEBHOOK_SECRET = "secret"  # a reply to the check-in one would do
    member, _s = _member(by_sms=True, by_email=False, phone=PHONE)
    reminders.dispatch(BEFORE, NY_SEVEN_PM)
    [slot] = _bam_slots(member)
    assert slot.delivery.text == BAM_TEXT  # a reply is a check-in, never the check-up
    checkin = ReminderDelivery.objects.get(member=member, kind=ReminderKind.CHECKIN)
    assert "Reply to this text to check in" in checkin.delivery.text


def test_no_reminder_while_the_last_bam_is_not_due_yet():
    member, _s = _member()
    _answered(member, MONDAY - timedelta(days=2), next_due=MONDAY + timedelta(days=5))
    reminders.dispatch(BEFORE, NY_SEVEN_PM)
    assert _bam_slots(member) == []


def test_a_new_member_is_not_reminded_in_their_first_week():
    member, _s = member_with_reminder(NY, date_joined=NY_SEVEN_PM - timedelta(days=3))
    reminders.dispatch(BEFORE, NY_SEVEN_PM)
    assert _bam_slots(member) == []


def test_an_unanswered_bam_is_reminded_again_a_week_later_not_every_day():
    member, _s = _member()
    for days in range(9):
        now = NY_SEVEN_PM + timedelta(days=days)
        reminders.dispatch(now - timedelta(minutes=1), now)
        reminders.dispatch(now - timedelta(minutes=1), now)  # a repeated tick adds nothing
    assert [s.local_date for s in _bam_slots(member)] == [MONDAY, MONDAY + timedelta(days=7)]


def test_two_reminder_times_carry_one_bam_reminder_a_day():
    member, _s = _member(at=time(9, 0))
    ReminderSchedule.objects.create(member=member, local_time=time(19, 0), in_app=False)
    reminders.dispatch(utc(2026, 6, 15, 12, 0), NY_SEVEN_PM)  # 08:00 to 19:00 in one go
    [slot] = _bam_slots(member)
    assert slot.schedule.local_time == time(9, 0)


def test_a_check_in_does_not_stop_the_bam_reminder_but_answering_it_does():
    member, _s = _member()
    CheckInFactory(member=member, local_date=MONDAY)
    reminders.dispatch(BEFORE, NY_SEVEN_PM)
    [slot] = _bam_slots(member)
    assert not ReminderDelivery.objects.filter(kind=ReminderKind.CHECKIN).exists()
    _answered(member, MONDAY, next_due=MONDAY + timedelta(days=7))  # answered meanwhile
    with time_machine.travel(NY_SEVEN_PM + timedelta(minutes=1), tick=False):
        assert outbox.send(slot.pk) == Outcome.SKIPPED
    slot.refresh_from_db()
    assert slot.status == SkipReason.ANSWERED
    assert mail.outbox == []
