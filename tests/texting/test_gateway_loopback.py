"""A whole check-in by text through a fake gateway over loopback HTTP: the member's texts
reach the webhook signed, Waypoint's replies reach the gateway through HttpSmsBackend."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from alerts.models import Alert
from checkins.models import CheckIn, UseReport
from messaging.models import Delivery, TextConsent, opted_out
from tests.factories import CareAssignmentFactory, ConsentFactory
from tests.texting.gateway import FakeGateway
from tests.texting.helpers import PHONE, SECRET
from texting import words
from texting.models import Step, TextSettings
from texting.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign


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


def _post(url: str, body: bytes, timestamp: str, signature: str) -> int:
    request = urllib.request.Request(  # noqa: S310 (the live server on loopback)
        url,
        data=body,
        headers={
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


@pytest.mark.django_db(transaction=True)
def test_check_in_stop_start_and_i_used_through_the_gateway_and_forged_texts_refused(
    gateway, texter
):
    """The issue's whole conversation: a check-in, STOP, START, the member's "I used" word;
    then a forged and a replayed text, which change nothing."""
    counselor = CareAssignmentFactory(member=texter).counselor
    ConsentFactory(member=texter, recipient=counselor)
    TextSettings.objects.create(member=texter, struggling_word="harbor", used_word="anchor")
    said = ["hi", "3", "tired hungry", "no", "STOP", "start", "anchor"]
    for n, text in enumerate(said, 1):
        assert gateway.deliver(PHONE, text) == 200
        _wait_for(gateway, n)
    replies = gateway.texts_to(PHONE)
    assert replies == [
        words.question(Step.CRAVING),
        words.question(Step.HALT),
        words.question(Step.USED),
        words.saved(),
        words.stopped(),
        words.started(),
        words.after_use(),
    ]
    checkin = CheckIn.objects.get(member=texter)
    assert (checkin.craving, checkin.tired, checkin.hungry, checkin.angry) == (3, 2, 2, 0)
    assert checkin.source == "text" and checkin.used_today is False
    consent = list(TextConsent.objects.filter(member=texter).values_list("action", flat=True))
    assert consent == ["stop", "start"] and not opted_out(PHONE)
    assert UseReport.objects.filter(member=texter).count() == 1
    assert Alert.objects.get(member=texter).stage == "physical"

    # Forged (wrong secret) and replayed (signed ten minutes ago) texts: 403, nothing stored.
    body = json.dumps({"id": "gw-forged", "from": PHONE, "text": "anchor"}).encode()
    now = str(int(time.time()))
    assert _post(gateway.webhook_url, body, now, sign("not-the-secret", now, body)) == 403
    old = str(int(time.time()) - 600)
    assert _post(gateway.webhook_url, body, old, sign(SECRET, old, body)) == 403
    time.sleep(0.3)
    assert len(gateway.texts_to(PHONE)) == len(said)
    assert UseReport.objects.filter(member=texter).count() == 1
