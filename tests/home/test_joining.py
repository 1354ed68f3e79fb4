"""Joining (home.joining accept, signup): a single-use, expiring link or self sign-up makes the
account and its first check-in reminder together."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation, Role, User
from reminders.models import EVERY_DAY, ReminderSchedule
from tests.accounts.helpers import NEW_ACCOUNT, invite, link_path
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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


def test_the_link_works_only_once(client, django_capture_on_commit_callbacks):
    invite(client, UserFactory(role=Role.COORDINATOR), django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])
    client.logout()
    client.post(path, NEW_ACCOUNT)
    client.logout()

    response = client.post(path, {**NEW_ACCOUNT, "display_name": "Someone else"})
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert User.objects.filter(email="robin@example.org").count() == 1
    assert User.objects.get(email="robin@example.org").display_name == "Robin"


def test_the_link_expires(client, django_capture_on_commit_callbacks, settings):
    invite(client, UserFactory(role=Role.COUNSELOR), django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])
    client.logout()
    with time_machine.travel(
        timezone.now() + timedelta(days=settings.WAYPOINT_INVITATION_DAYS, minutes=1)
    ):
        response = client.post(path, NEW_ACCOUNT)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not User.objects.filter(email="robin@example.org").exists()


def test_a_wrong_token_is_refused(client):
    response = client.get("/invite/not-a-real-token/")
    assert response.status_code == 404
    assert "doesn't work" in response.content.decode()


def test_a_new_invitation_replaces_the_old_link(client, django_capture_on_commit_callbacks):
    inviter = UserFactory(role=Role.COUNSELOR)
    invite(client, inviter, django_capture_on_commit_callbacks)
    invite(client, inviter, django_capture_on_commit_callbacks)
    first, second = (link_path(m) for m in mail.outbox)
    client.logout()
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_weak_or_mismatched_passwords_change_nothing(client, django_capture_on_commit_callbacks):
    invite(client, UserFactory(role=Role.COUNSELOR), django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])
    client.logout()
    mismatched = client.post(path, {**NEW_ACCOUNT, "password2": "something-else-entirely"})
    assert "not the same" in mismatched.content.decode()
    weak = client.post(path, {**NEW_ACCOUNT, "password1": "12345", "password2": "12345"})
    assert weak.status_code == 200
    bad_zone = client.post(path, {**NEW_ACCOUNT, "timezone": "Mars/Olympus_Mons"})
    assert "Choose a time zone from the list." in bad_zone.content.decode()
    assert not User.objects.filter(email="robin@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_self_signup_is_off_unless_turned_on(client, settings):
    assert client.get("/accounts/signup/").status_code == 404
    settings.WAYPOINT_SELF_SIGNUP = True
    response = client.post("/accounts/signup/", {"email": "Self@Example.org", **NEW_ACCOUNT})
    assert response.status_code == 302
    assert User.objects.get(email="self@example.org").role == Role.MEMBER
