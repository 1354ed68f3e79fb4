"""Invitations in the admin: made on the invitations page (which names the inviter, sets the
expiry and sends on commit), and fixed once made except for ending the link early."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from accounts.models import Invitation, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program_admin(client, member):
    admin = UserFactory(role=Role.COORDINATOR, is_staff=True, program=member.program)
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts"))
    client.force_login(admin)
    return admin


def test_adding_an_invitation_in_the_admin_leads_to_the_invitations_page(
    client, program_admin, django_capture_on_commit_callbacks
):
    response = client.get("/admin/accounts/invitation/add/", follow=True)
    assert response.redirect_chain[-1][0] == "/invitations/"
    assert "the email goes out as soon as you send" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            "/invitations/",
            {"email": "robin@example.org", "display_name": "Robin", "role": "counselor"},
            follow=True,
        )
    assert "Invitation on its way to robin@example.org." in sent.content.decode()
    invitation = Invitation.objects.get()
    # Filled in by Waypoint, never typed: who invited, into which program, until when.
    assert (invitation.invited_by, invitation.program) == (program_admin, program_admin.program)
    assert invitation.expires_at > invitation.created_at
    [message] = mail.outbox
    assert message.to == ["robin@example.org"] and message.body.startswith("Hello Robin,")


def test_an_invitation_cannot_be_redirected_in_the_admin(client, program_admin):
    invitation = Invitation.create(
        email="robin@example.org", role=Role.MEMBER, invited_by=program_admin
    )
    page = client.get(f"/admin/accounts/invitation/{invitation.pk}/change/").content.decode()
    assert 'name="email"' not in page and 'name="invited_by"' not in page
    assert 'name="expires_at_0"' in page  # ending it early stays possible
