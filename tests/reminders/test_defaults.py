"""The default reminder (reminders.defaults): every new member starts with one evening reminder; staff get none."""

from __future__ import annotations

from datetime import time

import pytest

from accounts.models import Role, User
from reminders.defaults import create_default_reminder
from reminders.models import (
    EVERY_DAY,
    ReminderSchedule,
    ReminderSettings,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_member_gets_the_default_evening_reminder():
    for member in (
        UserFactory(role=Role.MEMBER, reminder=False),
        User.objects.create_user("new@example.org", "a-long-password", display_name="New"),
    ):
        create_default_reminder(member)
        schedules = list(
            ReminderSchedule.objects.filter(member=member).values_list(
                "local_time", "weekdays", "by_email", "by_sms", "in_app"
            )
        )
        assert schedules == [(time(19, 0), EVERY_DAY, True, False, True)]
        settings = ReminderSettings.objects.get(member=member)
        assert (settings.paused_until, settings.quiet_from, settings.quiet_until) == (
            None,
            None,
            None,
        )


def test_counselors_and_coordinators_get_no_reminder():
    people = [
        UserFactory(role=Role.COUNSELOR),
        UserFactory(role=Role.COORDINATOR),
        User.objects.create_superuser("admin@example.org", "a-long-password", display_name="A"),
    ]
    # Asked directly, as joining does for everyone it creates, it still makes nothing for staff,
    # while a member made alongside them gets theirs.
    assert [create_default_reminder(person) for person in people] == [None, None, None]
    member = UserFactory(role=Role.MEMBER)
    assert not ReminderSchedule.objects.filter(member__in=people).exists()
    assert not ReminderSettings.objects.filter(member__in=people).exists()
    assert ReminderSchedule.objects.filter(member=member).count() == 1
    assert ReminderSettings.objects.filter(member=member).exists()


def test_saving_a_member_again_adds_no_second_reminder():
    member = UserFactory()
    member.display_name = "Renamed"
    member.save()
    assert ReminderSchedule.objects.filter(member=member).count() == 1
