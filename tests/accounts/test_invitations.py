"""Invitations: a single-use, expiring link that creates the account."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import CareAssignment, Invitation, Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = {
    "display_name": "Robin",
    "timezone": "America/Chicago",
    "password1": "a-long-test-password",
    "password2": "a-long-test-password",
}


def _invite(client, inviter, django_capture_on_commit_callbacks, **data):
    client.force_login(inviter)
    payload = {"email": "robin@example.org", "display_name": "", "role": "member", **data}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/invitations/", payload)
    return response


def _link_path(message) -> str:
    match = re.search(r"http://testserver(/invite/[\w-]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_counselor_invites_a_member_who_joins_their_care_team(
    client, django_capture_on_commit_callbacks
):
    counselor = UserFactory(role=Role.COUNSELOR)
    response = _invite(client, counselor, django_capture_on_commit_callbacks)
    assert response.status_code == 302

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["robin@example.org"]
    path = _link_path(message)

    client.logout()
    assert client.get(path).status_code == 200
    response = client.post(path, NEW_ACCOUNT)
    assert response.status_code == 302

    robin = User.objects.get(email="robin@example.org")
    assert (robin.role, robin.timezone, robin.display_name) == (
        Role.MEMBER,
        "America/Chicago",
        "Robin",
    )
    assert CareAssignment.objects.active().filter(counselor=counselor, member=robin).exists()
    assert client.get("/").url == "/today/"  # signed in as the new member


def test_the_link_works_only_once(client, django_capture_on_commit_callbacks):
    _invite(client, UserFactory(role=Role.COORDINATOR), django_capture_on_commit_callbacks)
    path = _link_path(mail.outbox[0])
    client.logout()
    client.post(path, NEW_ACCOUNT)
    client.logout()

    response = client.post(path, {**NEW_ACCOUNT, "display_name": "Someone else"})
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert User.objects.filter(email="robin@example.org").count() == 1
    assert User.objects.get(email="robin@example.org").display_name == "Robin"


def test_the_link_expires(client, django_capture_on_commit_callbacks, settings):
    _invite(client, UserFactory(role=Role.COUNSELOR), django_capture_on_commit_callbacks)
    path = _link_path(mail.outbox[0])
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
    _invite(client, inviter, django_capture_on_commit_callbacks)
    _invite(client, inviter, django_capture_on_commit_callbacks)
    first, second = (_link_path(m) for m in mail.outbox)
    client.logout()
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_only_a_hash_of_the_token_is_stored(client, django_capture_on_commit_callbacks):
    _invite(client, UserFactory(role=Role.COUNSELOR), django_capture_on_commit_callbacks)
    token = _link_path(mail.outbox[0]).split("/")[2]
    stored = Invitation.objects.get()
    assert stored.token_hash and token not in stored.token_hash
    assert Invitation.find(token) == stored


def test_weak_or_mismatched_passwords_change_nothing(client, django_capture_on_commit_callbacks):
    _invite(client, UserFactory(role=Role.COUNSELOR), django_capture_on_commit_callbacks)
    path = _link_path(mail.outbox[0])
    client.logout()
    mismatched = client.post(path, {**NEW_ACCOUNT, "password2": "something-else-entirely"})
    assert "not the same" in mismatched.content.decode()
    weak = client.post(path, {**NEW_ACCOUNT, "password1": "12345", "password2": "12345"})
    assert weak.status_code == 200
    bad_zone = client.post(path, {**NEW_ACCOUNT, "timezone": "Mars/Olympus_Mons"})
    assert "valid choice" in bad_zone.content.decode()
    assert not User.objects.filter(email="robin@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_members_cannot_invite_and_only_admins_invite_staff(client, member):
    client.force_login(member)
    assert client.get("/invitations/").status_code == 403

    counselor = UserFactory(role=Role.COUNSELOR)
    client.force_login(counselor)
    response = client.post("/invitations/", {"email": "x@example.org", "role": "counselor"})
    assert response.status_code == 200
    assert not Invitation.objects.exists()

    admin = UserFactory(role=Role.COORDINATOR, is_staff=True)
    client.force_login(admin)
    response = client.post("/invitations/", {"email": "x@example.org", "role": "counselor"})
    assert response.status_code == 302
    assert Invitation.objects.get().role == Role.COUNSELOR


def test_inviting_someone_who_has_an_account_is_refused(client, member):
    client.force_login(UserFactory(role=Role.COUNSELOR))
    response = client.post("/invitations/", {"email": member.email.upper(), "role": "member"})
    assert "already has an account" in response.content.decode()
    assert not Invitation.objects.exists()


def test_self_signup_is_off_unless_turned_on(client, settings):
    assert client.get("/accounts/signup/").status_code == 404
    settings.WAYPOINT_SELF_SIGNUP = True
    response = client.post("/accounts/signup/", {"email": "Self@Example.org", **NEW_ACCOUNT})
    assert response.status_code == 302
    assert User.objects.get(email="self@example.org").role == Role.MEMBER
