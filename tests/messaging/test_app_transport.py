"""The in-Waypoint transport (messaging.transports.AppTransport): recording the message is showing it."""

from __future__ import annotations

import pytest
from django.core import mail

from messaging import outbox
from messaging.models import Channel, Purpose
from tests.messaging.helpers import record_and_send

pytestmark = pytest.mark.django_db


def test_in_waypoint_recording_is_showing():
    delivery, outcome = record_and_send(Channel.APP, "", purpose=Purpose.ALERT_PEER)
    assert (outcome, delivery.status) == (outbox.Outcome.SENT, "sent")
    assert mail.outbox == []
