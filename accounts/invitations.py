"""Sending and accepting invitations."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import CareAssignment, Invitation, Role, User


def program_name(invitation: Invitation) -> str:
    """The program the invitee joins, by name (or the deployment's, when none)."""
    program = invitation.joining_program
    return program.name if program else settings.WAYPOINT_PROGRAM_NAME


def invitation_email(invitation: Invitation) -> str:
    """The email's text with a fresh single-use link: the raw token exists only in it."""
    token = invitation.new_token()
    context = {
        "invitation": invitation,
        "link": settings.WAYPOINT_SITE_URL + reverse("accept_invitation", args=[token]),
        "program_name": program_name(invitation),
        "days": settings.WAYPOINT_INVITATION_DAYS,
    }
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return render_to_string("accounts/email/invitation.txt", context)


@transaction.atomic
def accept_invitation(
    invitation: Invitation, *, display_name: str, timezone_name: str, password: str
) -> User | None:
    """Create the account; None when the link was used or expired meanwhile."""
    if User.objects.filter(email__iexact=invitation.email).exists() or not invitation.claim():
        return None
    user = User.objects.create_user(
        invitation.email,
        password,
        display_name=display_name,
        timezone=timezone_name,
        role=invitation.role,
        program=invitation.joining_program,
    )
    Invitation.objects.filter(pk=invitation.pk).update(accepted_user=user)
    if invitation.role == Role.MEMBER and invitation.invited_by.role == Role.COUNSELOR:
        # A counselor who invites a client becomes their counselor.
        CareAssignment.objects.create(counselor=invitation.invited_by, member=user)
    return user
