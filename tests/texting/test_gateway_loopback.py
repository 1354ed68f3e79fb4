"""A whole check-in by text through a fake gateway over loopback HTTP: the member's texts
reach the webhook signed, Waypoint's replies reach the gateway through HttpSmsBackend."""

from __future__ import annotations

import time

import pytest

from checkins.models import CheckIn
from messaging.models import Delivery
from tests.texting.gateway import FakeGateway
from tests.texting.helpers import PHONE, SECRET
from texting import words
from texting.models import Step


@pytest.fixture
def gateway(live_server, settings):
    gateway = FakeGateway(f"{live_server.url}/texting/inbound/", SECRET).start()
    settings.WAYPOINT_SMS_BACKEND = "messaging.transports.HttpSmsBackend"
    settings.WAYPOINT_SMS_GATEWAY_URL = gateway.url
    settings.WAYPOINT_SMS_GATEWAY_TOKEN = "loopback-token"
    yield gateway
    gateway.stop()


def _wait_for(gateway: FakeGateway, count: int) -> list[str]:
    deadline = time.monotonic() + 10
    while len(gateway.texts_to(PHONE)) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    return gateway.texts_to(PHONE)


@pytest.mark.django_db(transaction=True)
def test_a_check_in_by_text_through_the_gateway(gateway, texter):
    conversation = [
        ("hi", words.question(Step.CRAVING)),
        ("Seven", words.question(Step.HALT)),
        ("lonely", words.question(Step.USED)),
        ("no", words.saved()),
    ]
    for n, (said, _answer) in enumerate(conversation, 1):
        assert gateway.deliver(PHONE, said) == 200
        _wait_for(gateway, n)
    assert gateway.texts_to(PHONE) == [answer for _said, answer in conversation]
    checkin = CheckIn.objects.get(member=texter)
    assert (checkin.craving, checkin.lonely, checkin.used_today) == (7, 2, False)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}

    # The gateway delivers one text twice (it missed our answer): one reply, nothing more.
    assert gateway.deliver(PHONE, "hi", message_id="gw-twice") == 200
    assert gateway.deliver(PHONE, "hi", message_id="gw-twice") == 200
    assert _wait_for(gateway, 5)[4:] == [words.question(Step.CRAVING)]
    time.sleep(0.2)
    assert len(gateway.texts_to(PHONE)) == 5
