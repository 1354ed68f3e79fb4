"""The email transport (messaging.transports.EmailTransport), through the outbox: the purpose's fixed subject, never the member's words."""

from __future__ import annotations

import pytest
from django.core import mail

from messaging import outbox
from messaging.models import Channel
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


def test_an_email_without_an_address_fails_for_good():
    delivery, outcome = record_and_send(Channel.EMAIL, "")
    assert (outcome, delivery.status, delivery.permanent, delivery.error) == (
        outbox.Outcome.FAILED,
        "failed",
        True,
        "no email address",
    )
    assert mail.outbox == []
