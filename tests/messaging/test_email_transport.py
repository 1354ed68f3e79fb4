"""The email transport (messaging.transports.EmailTransport), through the outbox: the purpose's fixed subject, never the member's words."""

from __future__ import annotations

import socket
import time

import pytest
from django.core import mail

from messaging import outbox
from messaging.models import Channel, DeliveryStatus
from messaging.transports import message_id
from tests.messaging.helpers import record_and_send

pytestmark = pytest.mark.django_db


def test_an_email_is_sent_with_the_purposes_fixed_subject_and_recorded(member, settings):
    settings.WAYPOINT_PROGRAM_NAME = "Harbor Recovery"
    delivery, outcome = record_and_send(
        Channel.EMAIL, "dana@example.org", "Alex could use a call.", about=member
    )
    [email] = mail.outbox
    assert (email.to, email.body) == (["dana@example.org"], "Alex could use a call.")
    # Never the member's own words, never a name: fixed words per purpose.
    assert email.subject == "A message from Harbor Recovery"
    assert outcome == outbox.Outcome.SENT
    assert (delivery.status, delivery.attempts, delivery.about) == ("sent", 1, member)
    assert delivery.sent_at is not None
    # The delivery's own Message-ID, the same on every try: only its number and our host.
    assert email.message()["Message-ID"] == f"<waypoint-delivery-{delivery.pk}@testserver>"
    assert message_id(outbox.delivery_key(delivery.pk)) == email.extra_headers["Message-ID"]


def test_an_email_without_an_address_fails_for_good():
    delivery, outcome = record_and_send(Channel.EMAIL, "")
    assert (outcome, delivery.status, delivery.permanent, delivery.error) == (
        outbox.Outcome.FAILED,
        "failed",
        True,
        "no email address",
    )
    assert mail.outbox == []


def test_a_mail_server_that_never_answers_costs_seconds_and_is_a_passing_failure(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen()  # the connection is taken (by the kernel); no greeting ever comes
        settings.EMAIL_HOST, settings.EMAIL_PORT = hung.getsockname()
        began = time.monotonic()
        delivery, outcome = record_and_send(Channel.EMAIL, "dana@example.org")
        took = time.monotonic() - began
    assert settings.EMAIL_TIMEOUT <= took < settings.EMAIL_TIMEOUT + 3
    assert outcome == outbox.Outcome.RETRY
    assert (delivery.status, delivery.permanent) == (DeliveryStatus.PENDING, False)
    assert delivery.error.startswith("mail server: ")
    # The same email goes once the server answers (the test's mailbox stands for it).
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.send(delivery.pk) == outbox.Outcome.SENT
    assert [m.to for m in mail.outbox] == [["dana@example.org"]]
