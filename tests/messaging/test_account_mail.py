"""Account emails through the outbox (messaging/account_mail.py): the request records, the
worker sends after commit, and the link's secret is never stored or logged."""

from __future__ import annotations

import logging
import re

import pytest
from django.conf import settings
from django.core import mail

from accounts.models import Invitation, Role
from accounts.tasks import send_invitation
from messaging import outbox
from messaging.models import Delivery, DeliveryStatus, Purpose
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"http://testserver/accounts/reset/[^/\s]+/([^/\s]+)/")


def ask_for_link(client, email, capture):
    with capture(execute=False) as callbacks:
        response = client.post("/accounts/password_reset/", {"email": email})
    return response, callbacks


def test_the_request_records_the_email_and_sends_nothing_itself(
    client, member, django_capture_on_commit_callbacks
):
    response, callbacks = ask_for_link(client, member.email, django_capture_on_commit_callbacks)
    assert response.url == "/accounts/password_reset/done/"
    # Nothing went to a mail server during the request: only after commit, by the worker.
    assert mail.outbox == []
    delivery = Delivery.objects.get()
    assert (delivery.purpose, delivery.to_user, delivery.status) == (
        Purpose.PASSWORD_LINK,
        member,
        DeliveryStatus.PENDING,
    )
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_an_unknown_address_records_nothing_and_answers_the_same(
    client, member, django_capture_on_commit_callbacks
):
    unknown, _ = ask_for_link(client, "nobody@example.org", django_capture_on_commit_callbacks)
    known, _ = ask_for_link(client, member.email.upper(), django_capture_on_commit_callbacks)
    assert unknown.url == known.url
    assert [d.to_user for d in Delivery.objects.all()] == [member]


def test_the_token_is_in_the_email_only_never_in_the_row_or_a_log(
    client, member, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password_reset/", {"email": member.email})
    [email] = mail.outbox
    token = RESET_LINK.search(email.body).group(1)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT
    assert token not in delivery.text and token not in caplog.text


@pytest.mark.parametrize(
    ("language", "browser", "subject", "body", "record"),
    [
        (
            "es",
            "en",
            "Elige una nueva contraseña de Waypoint",
            "Alguien pidió restablecer la contraseña de tu cuenta de Waypoint.",
            "Un enlace para elegir una contraseña nueva",
        ),
        (
            "en",
            "es",
            "Choose a new Waypoint password",
            "Someone asked to reset the password for your Waypoint account.",
            "A link to choose a new password",
        ),
        # An account that never chose a language hears in the program's, like every email.
        (
            "",
            "es",
            "Choose a new Waypoint password",
            "Someone asked to reset the password for your Waypoint account.",
            "A link to choose a new password",
        ),
    ],
)
def test_the_reset_email_is_in_the_recipients_language_whatever_browser_asked_for_it(
    client, django_capture_on_commit_callbacks, language, browser, subject, body, record
):
    person = UserFactory(display_name="Alex Rivera", language=language)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = browser
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/password_reset/", {"email": person.email}, HTTP_ACCEPT_LANGUAGE=browser
        )
    [email] = mail.outbox
    # The subject is fixed words: no name, no address, nothing about the person's health.
    assert email.subject == subject
    assert body in email.body
    assert Delivery.objects.get().text.startswith(record)  # the record says it the same way
    link = RESET_LINK.search(email.body).group(0)
    page = client.get(link, follow=True)
    assert page.status_code == 200 and 'name="new_password1"' in page.content.decode()


def test_no_link_goes_to_an_account_switched_off_meanwhile(member):
    from messaging.account_mail import send_password_link

    send_password_link(member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    delivery = Delivery.objects.get()
    assert outbox.send(delivery.pk) == outbox.Outcome.SKIPPED
    assert mail.outbox == []


def test_an_invitation_is_a_delivery_whose_link_is_made_when_sent(caplog):
    caplog.set_level(logging.DEBUG)
    counselor = UserFactory(role=Role.COUNSELOR)
    invitation = Invitation.create(
        email="robin@example.org", role=Role.MEMBER, invited_by=counselor
    )
    send_invitation(invitation.pk)
    [email] = mail.outbox
    assert email.subject == "Your Waypoint invitation"
    token = re.search(r"/invite/([A-Za-z0-9_-]+)/", email.body).group(1)
    assert Invitation.find(token) == invitation
    delivery = Delivery.objects.get(purpose=Purpose.INVITATION)
    assert delivery.status == DeliveryStatus.SENT and token not in delivery.text
    assert token not in caplog.text
    # A repeated task sends nothing more.
    send_invitation(invitation.pk)
    assert len(mail.outbox) == 1 and Delivery.objects.count() == 1
