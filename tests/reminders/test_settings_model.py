"""A pause of reminders: one rule for the dispatch query, the send-time check and the page."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import User
from reminders.models import ReminderSettings
from tests.factories import UserFactory
from tests.reminders.helpers import set_reminder_settings

LAST = date(2026, 6, 20)


@pytest.mark.parametrize(
    ("paused_until", "day", "paused"),
    [
        (None, LAST, False),
        (LAST, date(2026, 6, 19), True),
        (LAST, LAST, True),  # the last day of a pause is still paused
        (LAST, date(2026, 6, 21), False),
    ],
)
def test_a_pause_covers_every_day_up_to_and_including_its_last(paused_until, day, paused):
    assert ReminderSettings(paused_until=paused_until).is_paused_on(day) is paused


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("paused_until", "day", "paused"),
    [(None, LAST, False), (LAST, LAST, True), (LAST, date(2026, 6, 21), False)],
)
def test_the_query_agrees_with_the_model(member, paused_until, day, paused):
    prefs = set_reminder_settings(member, paused_until=paused_until)
    other = UserFactory()  # no settings at all: never paused
    not_paused = User.objects.exclude(
        ReminderSettings.paused_on_q(day, via="reminder_settings__")
    ).filter(pk__in=[member.pk, other.pk])
    assert sorted(u.pk for u in not_paused) == sorted([other.pk] + ([] if paused else [member.pk]))
    assert prefs.is_paused_on(day) is paused


@pytest.mark.parametrize(
    ("paused_until", "today", "shown"),
    [
        (None, LAST, None),
        (LAST, date(2026, 6, 1), LAST),
        (LAST, LAST, LAST),
        (LAST, date(2026, 6, 21), None),  # run out: the page no longer says paused
    ],
)
def test_the_page_shows_a_pause_only_while_it_applies(paused_until, today, shown):
    assert ReminderSettings(paused_until=paused_until).pause_as_of(today) == shown
