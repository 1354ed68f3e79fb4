"""Account emails through the outbox: an invitation, a link to choose a new password.

The request only records a delivery (for a known address) and hands it over after commit,
so asking for a link answers as fast for an unknown address as for a known one, and a slow
mail server delays nobody's page. The link's token is made by the worker at the moment of
sending (`compose_with`): the delivery's stored text names what was sent, never the link.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.invitations import invitation_email
from accounts.models import Invitation, User
from core.enqueue import enqueue_on_commit
from messaging import outbox
from messaging.models import Channel, Delivery, Purpose
from messaging.tasks import send_deliveries


def _password_link_text() -> str:
    return _("A link to choose a new password (made when sent, never stored).")


def send_password_link(user: User) -> None:
    """Record the email in the person's own language (outbox.record writes `text` in it,
    and the worker the subject and the body), not in that of whoever asked: anyone can
    type an address, on any browser."""
    delivery = outbox.record(
        Purpose.PASSWORD_LINK, Channel.EMAIL, user.email, _password_link_text, to_user=user
    )
    enqueue_on_commit(send_deliveries, [delivery.pk])


def compose_password_link(delivery: Delivery) -> str | None:
    """The email with a fresh link; None if the account can no longer use one."""
    user = delivery.to_user
    if (
        user is None
        or not user.is_active
        or not user.has_usable_password()
        or user.email.lower() != delivery.address.lower()
    ):
        return None
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"link": settings.WAYPOINT_SITE_URL + path, "user": user}
    return render_to_string("registration/password_reset_email.html", context)


def send_invitation(invitation: Invitation) -> bool:
    """From the invitation task (already in a worker): record it, then send it at once."""
    text = _("An invitation to join, with its link (made when sent, never stored).")
    delivery = outbox.record(Purpose.INVITATION, Channel.EMAIL, invitation.email, text)
    return outbox.send(delivery.pk) == outbox.Outcome.SENT


def compose_invitation(delivery: Delivery) -> str | None:
    """The invitation for this address that still works (a newer one ends older ones)."""
    invitation = (
        Invitation.objects.usable()
        .filter(email__iexact=delivery.address)
        .select_related("invited_by")
        .order_by("-created_at")
        .first()
    )
    return invitation_email(invitation) if invitation is not None else None
