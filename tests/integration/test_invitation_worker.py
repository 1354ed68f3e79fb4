"""Invitations end to end: the web request queues a task, a real Celery worker sends the email."""

from __future__ import annotations

import re

import pytest

from accounts.models import CareAssignment, Invitation, Role, User
from accounts.tasks import send_invitation
from tests.factories import UserFactory
from tests.integration.conftest import WorkerProcess, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"http://testserver(/invite/([A-Za-z0-9_-]+)/)")
PASSWORD = "a-long-test-password"


def _sent(invitation: Invitation, worker: WorkerProcess) -> Invitation | None:
    worker.check_alive()
    invitation.refresh_from_db()
    return invitation if invitation.sent_at else None


def test_counselor_invites_worker_emails_and_the_link_creates_the_account(
    client, celery_worker_process: WorkerProcess
):
    worker = celery_worker_process
    # The invitee joins the inviter's program, and the email names it.
    counselor = UserFactory(role=Role.COUNSELOR, program__name="Riverside Outpatient")
    client.force_login(counselor)

    response = client.post(
        "/invitations/",
        {"email": "newperson@example.org", "display_name": "New Person", "role": Role.MEMBER},
    )

    assert response.status_code == 302
    assert response["Location"] == "/invitations/"
    invitation = Invitation.objects.get(email="newperson@example.org")
    assert invitation.invited_by == counselor
    wait_until(
        lambda: _sent(invitation, worker),
        timeout=20,
        what=lambda: (
            f"the worker to send invitation {invitation.pk}; its log:\n{worker.log_tail()}"
        ),
    )
    # The task logs after it records sent_at: wait for the line rather than race it.
    wait_until(
        lambda: f"invitation_sent id={invitation.pk}\n" in worker.log(),
        timeout=10,
        what=lambda: f"the worker's log line for invitation {invitation.pk}:\n{worker.log_tail()}",
    )

    [message] = worker.messages(to="newperson@example.org")
    assert message["To"] == "newperson@example.org"
    # The subject shows on lock screens: it names no program.
    assert message["Subject"] == "Your Waypoint invitation"
    body = message.get_content()
    assert body.startswith("Hello New Person,")
    assert f"{counselor.display_name} invited you to join Riverside Outpatient on Waypoint." in body
    [(path, token)] = LINK.findall(body)
    assert Invitation.find(token) == invitation  # the emailed token is the one stored (hashed)

    form = client.get(path)

    assert form.status_code == 200
    assert b"newperson@example.org" in form.content
    assert b'name="password1"' in form.content

    data = {
        "display_name": "New Person",
        "timezone": "America/Chicago",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    created = client.post(path, data)

    assert created.status_code == 302, created.content.decode()[:2000]
    user = User.objects.get(email="newperson@example.org")
    assert (user.role, user.timezone, user.display_name) == (
        Role.MEMBER,
        "America/Chicago",
        "New Person",
    )
    assert user.program == counselor.program
    assert user.check_password(PASSWORD)
    assert CareAssignment.objects.active().filter(counselor=counselor, member=user).count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.accepted_user == user

    users, links = User.objects.count(), CareAssignment.objects.count()
    again = client.post(path, {**data, "display_name": "Someone Else"})

    assert again.status_code == 410
    assert (User.objects.count(), CareAssignment.objects.count()) == (users, links)
    assert len(worker.messages(to="newperson@example.org")) == 1


def test_a_repeated_task_for_a_sent_invitation_sends_nothing(
    celery_worker_process: WorkerProcess,
):
    worker = celery_worker_process
    counselor = UserFactory(role=Role.COUNSELOR)
    invitation = Invitation.create(
        email="again@example.org", role=Role.MEMBER, invited_by=counselor, display_name="Again"
    )

    first = send_invitation.delay(invitation.pk)
    assert " succeeded " in worker.wait_for_task(first.id)
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert len(worker.messages(to="again@example.org")) == 1
    sent_at, token_hash = invitation.sent_at, invitation.token_hash
    files = worker.mail_files()

    # The broker delivers a task at least once: a second delivery must not email again.
    second = send_invitation.delay(invitation.pk)
    assert " succeeded " in worker.wait_for_task(second.id)

    assert worker.mail_files() == files
    assert len(worker.messages(to="again@example.org")) == 1
    assert f"invitation_skip id={invitation.pk}" in worker.log()
    invitation.refresh_from_db()
    # The link already emailed still works: the token was not replaced.
    assert (invitation.sent_at, invitation.token_hash) == (sent_at, token_hash)
