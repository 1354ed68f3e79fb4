"""The reminder and reminder-settings forms (reminders/forms.py) under any input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reminders.models import ReminderSchedule, ReminderSettings
from tests.fuzz import (
    FORM_SETTINGS,
    choices_or_junk,
    dates,
    one_field_changed,
    rolled_back,
    submit,
    text,
)

pytestmark = pytest.mark.django_db

times = st.one_of(
    st.times().map(lambda t: t.strftime("%H:%M")),
    choices_or_junk(["08:30", "24:00", "25:61", "7:30 PM", "-1:00", ""]),
    text,
)
days = st.lists(choices_or_junk([str(n) for n in range(7)] + ["7", "-1"]), max_size=8)
channels = st.lists(choices_or_junk(["email", "sms", "app"]), max_size=4)
MORNING = {"local_time": "08:30", "days": ["0", "2", "4"], "channels": ["email"]}


def _schedules(member):
    rows = ReminderSchedule.objects.filter(member=member).order_by("pk")
    return list(rows.values_list("pk", "local_time", "weekdays", "by_email", "by_sms", "in_app"))


@FORM_SETTINGS
@given(
    data=one_field_changed(MORNING, {"local_time": times, "days": days, "channels": channels}),
    editing=st.booleans(),
)
def test_any_reminder_is_saved_or_refused_with_a_message(signed_in, member, data, editing):
    with rolled_back():
        url = "/checkin/reminders/"
        if editing:
            url += f"{member.reminder_schedules.get().pk}/"
        submit(signed_in, url, data, lambda: _schedules(member))


def _settings(member):
    prefs = ReminderSettings.objects.filter(member=member).first()
    return prefs and (prefs.quiet_from, prefs.quiet_until, prefs.paused_until)


@FORM_SETTINGS
@given(
    data=one_field_changed(
        {"quiet_from": "", "quiet_until": "", "paused_until": ""},
        {"quiet_from": times, "quiet_until": times, "paused_until": dates},
    )
)
def test_any_quiet_hours_or_pause_is_saved_or_refused_with_a_message(signed_in, member, data):
    with rolled_back():
        accepted, _ = submit(
            signed_in, "/checkin/reminders/settings/", data, lambda: _settings(member)
        )
        if accepted and data["paused_until"]:
            assert 1900 <= _settings(member)[2].year <= 2100
