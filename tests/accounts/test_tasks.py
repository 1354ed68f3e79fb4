"""The invitation tasks (accounts.tasks): a request never fails because the broker is down; the
sweep (send_pending_invitations) sends later."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation, Role
from accounts.tasks import send_pending_invitations
from recovery_site.celery import app as celery_app
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_invitation_saved_while_the_broker_is_down_goes_out_with_the_sweep(
    client, django_capture_on_commit_callbacks, caplog, broker_unreachable
):
    client.force_login(UserFactory(role=Role.COUNSELOR))
    celery_app.conf.task_always_eager = False
    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/invitations/", {"email": "robin@example.org", "role": "member"}
            )
    finally:
        celery_app.conf.broker_url = saved
        celery_app.conf.task_always_eager = True
    assert response.status_code == 302
    assert "enqueue_failed task=accounts.tasks.send_invitation" in caplog.text
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None and mail.outbox == []

    assert send_pending_invitations() == 0  # too fresh: its own enqueue may still be under way
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert send_pending_invitations() == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert mail.outbox[0].to == ["robin@example.org"]
