"""Joining (home.joining): the account and its first check-in reminder are made together."""

from __future__ import annotations

import re
from datetime import time

import pytest
from django.core import mail

from accounts.models import Role, User
from reminders.models import EVERY_DAY, ReminderSchedule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = {
    "display_name": "Robin",
    "timezone": "America/Chicago",
    "password1": "a-long-test-password",
    "password2": "a-long-test-password",
}


def _invitation_link(client, inviter, role: str, capture) -> str:
    client.force_login(inviter)
    with capture(execute=True):
        client.post("/invitations/", {"email": "robin@example.org", "role": role})
    client.logout()
    match = re.search(r"http://testserver(/invite/[\w-]+/)", mail.outbox[-1].body)
    assert match
    return match.group(1)


def _reminders(email: str) -> list[tuple]:
    return list(
        ReminderSchedule.objects.filter(member__email=email).values_list(
            "local_time", "weekdays", "by_email", "by_sms", "in_app"
        )
    )


def test_a_member_who_accepts_an_invitation_starts_with_the_evening_reminder(
    client, django_capture_on_commit_callbacks
):
    counselor = UserFactory(role=Role.COUNSELOR)
    link = _invitation_link(client, counselor, "member", django_capture_on_commit_callbacks)

    assert client.post(link, NEW_ACCOUNT).status_code == 302
    # A second tap on the same link makes no second account and no second reminder.
    assert client.post(link, NEW_ACCOUNT).status_code == 410

    assert User.objects.filter(email="robin@example.org").count() == 1
    assert _reminders("robin@example.org") == [(time(19, 0), EVERY_DAY, True, False, True)]


def test_staff_who_join_get_no_check_in_reminder(client, django_capture_on_commit_callbacks):
    admin = UserFactory(role=Role.COORDINATOR, is_staff=True)
    link = _invitation_link(client, admin, "counselor", django_capture_on_commit_callbacks)

    assert client.post(link, NEW_ACCOUNT).status_code == 302

    assert User.objects.get(email="robin@example.org").role == Role.COUNSELOR
    assert _reminders("robin@example.org") == []


def test_self_signup_makes_the_member_and_their_reminder(client, settings):
    settings.WAYPOINT_SELF_SIGNUP = True
    response = client.post("/accounts/signup/", {**NEW_ACCOUNT, "email": "sky@example.org"})

    assert response.status_code == 302
    assert User.objects.get(email="sky@example.org").role == Role.MEMBER
    assert _reminders("sky@example.org") == [(time(19, 0), EVERY_DAY, True, False, True)]


def test_a_refused_signup_makes_nothing(client, settings):
    settings.WAYPOINT_SELF_SIGNUP = True
    bad = {**NEW_ACCOUNT, "email": "sky@example.org", "password2": "something-else-entirely"}

    response = client.post("/accounts/signup/", bad)

    assert response.status_code == 200
    assert not User.objects.filter(email="sky@example.org").exists()
    assert not ReminderSchedule.objects.exists()
