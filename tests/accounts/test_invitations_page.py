"""The invitations page (accounts.views invitations): who may invite whom, and only a hash of
the link is kept. Following the link is tests/home/test_joining.py."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.models import CareAssignment, Invitation, Role, User
from tests.accounts.helpers import NEW_ACCOUNT, invite, link_path
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_counselor_invites_a_member_who_joins_their_care_team(
    client, django_capture_on_commit_callbacks
):
    counselor = UserFactory(role=Role.COUNSELOR)
    response = invite(client, counselor, django_capture_on_commit_callbacks)
    assert response.status_code == 302

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["robin@example.org"]
    path = link_path(message)

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


def test_only_a_hash_of_the_token_is_stored(client, django_capture_on_commit_callbacks):
    invite(client, UserFactory(role=Role.COUNSELOR), django_capture_on_commit_callbacks)
    token = link_path(mail.outbox[0]).split("/")[2]
    stored = Invitation.objects.get()
    assert stored.token_hash and token not in stored.token_hash
    assert Invitation.find(token) == stored


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


@pytest.mark.parametrize(
    ("program_name", "name", "greeting", "sentence"),
    [
        (
            "Harbor Light",
            "Robin",
            "Hello Robin,",
            "Casey invited you to join Harbor Light on Waypoint.",
        ),
        ("Waypoint", "", "Hello,", "Casey invited you to Waypoint."),
    ],
)
def test_the_invitation_greets_the_invitee_and_names_their_program(
    client, django_capture_on_commit_callbacks, program_name, name, greeting, sentence
):
    counselor = UserFactory(role=Role.COUNSELOR, display_name="Casey", program__name=program_name)
    invite(client, counselor, django_capture_on_commit_callbacks, display_name=name)

    [message] = mail.outbox
    assert message.body.startswith(greeting)
    assert sentence in message.body
    assert "on Waypoint on Waypoint" not in message.body


def test_an_address_too_long_for_email_is_refused_with_a_message(client):
    client.force_login(UserFactory(role=Role.COUNSELOR))
    address = "a" * 248 + "@example.org"  # 260 characters
    response = client.post("/invitations/", {"email": address, "role": "member"})
    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()
    assert not Invitation.objects.exists()


def test_another_staff_members_open_invitation_is_not_taken_over(
    client, django_capture_on_commit_callbacks
):
    first, second = UserFactory(role=Role.COUNSELOR), UserFactory(role=Role.COUNSELOR)
    invite(client, first, django_capture_on_commit_callbacks)
    [link] = mail.outbox
    client.force_login(second)
    response = client.post("/invitations/", {"email": "ROBIN@example.org", "role": "member"})
    assert response.status_code == 200
    assert "Someone else in the program has already invited this person" in (
        response.content.decode()
    )
    assert len(mail.outbox) == 1
    # The first invitation still works, and its care-team link is the first counselor's.
    client.logout()
    client.post(link_path(link), NEW_ACCOUNT)
    robin = User.objects.get(email="robin@example.org")
    assert CareAssignment.objects.active().filter(counselor=first, member=robin).exists()
    assert not CareAssignment.objects.filter(counselor=second).exists()


def test_the_same_staff_member_may_send_a_fresh_link(client, django_capture_on_commit_callbacks):
    counselor = UserFactory(role=Role.COUNSELOR)
    invite(client, counselor, django_capture_on_commit_callbacks)
    invite(client, counselor, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert Invitation.objects.usable().count() == 1  # the older link stopped working


@pytest.mark.parametrize(
    "name", ["Ro\u202ebin", "Ro\u200bbin", "\u2066Robin\u2069", "Robin\ufeff", "Ro\x07bin"]
)
def test_a_name_with_hidden_characters_is_refused(client, name):
    client.force_login(UserFactory(role=Role.COUNSELOR))
    response = client.post(
        "/invitations/", {"email": "robin@example.org", "display_name": name, "role": "member"}
    )
    assert "hidden characters" in response.content.decode()
    assert not Invitation.objects.exists()
