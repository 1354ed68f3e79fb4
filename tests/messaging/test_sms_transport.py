"""The SMS transport (messaging.transports.SmsTransport and its backends: console, disabled, an
HTTP gateway we stand up), through the outbox."""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError
from django.utils import timezone

from messaging import outbox
from messaging.models import Channel, Delivery, DeliveryQuerySet, DeliveryStatus, Purpose
from messaging.tasks import sweep_outbox
from messaging.transports import (
    SEND_TIMEOUT,
    DisabledSmsBackend,
    HttpSmsBackend,
    TransportError,
)
from tests.messaging.helpers import record_and_send

pytestmark = pytest.mark.django_db


def test_sms_through_the_console_backend_is_recorded(capsys):
    record_and_send(Channel.SMS, "+12025550143", "See you Tuesday?")
    assert "[sms to +12025550143] See you Tuesday?" in capsys.readouterr().out
    assert Delivery.objects.get().status == "sent"


def test_an_sms_without_a_phone_number_fails_for_good(capsys):
    delivery, _outcome = record_and_send(Channel.SMS, "")
    assert (delivery.status, delivery.permanent, delivery.error) == (
        "failed",
        True,
        "no phone number",
    )
    assert capsys.readouterr().out == ""


def test_the_disabled_backend_refuses_every_text(settings):
    settings.WAYPOINT_SMS_BACKEND = "messaging.transports.DisabledSmsBackend"
    delivery, _outcome = record_and_send(Channel.SMS, "+12025550143")
    assert (delivery.status, delivery.permanent, delivery.error) == (
        "failed",
        True,
        "text messages are not set up",
    )
    with pytest.raises(TransportError):
        DisabledSmsBackend().send("+12025550143", "Hello", "waypoint-delivery-1")


class _Gateway(BaseHTTPRequestHandler):
    """An HTTP gateway: answers each POST with the next code in `answers`. With `dedupes`
    it honours Idempotency-Key as such gateways do: a key it has accepted before gets the
    first answer again, and no second text."""

    answers: list[int] = []
    received: list[dict] = []
    dedupes = False
    accepted: dict[str, str] = {}

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        key = self.headers.get("Idempotency-Key", "")
        if _Gateway.dedupes and key in _Gateway.accepted:
            self._answer(200, _Gateway.accepted[key])
            return
        _Gateway.received.append({"auth": self.headers["Authorization"], "key": key, **body})
        code = _Gateway.answers.pop(0)
        message_id = f"msg-{len(_Gateway.received)}"
        if code == 200:
            _Gateway.accepted[key] = message_id
        self._answer(code, message_id)

    def _answer(self, code, message_id):
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"id": message_id}).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAYPOINT_SMS_BACKEND = "messaging.transports.HttpSmsBackend"
    settings.WAYPOINT_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.WAYPOINT_SMS_GATEWAY_TOKEN = "secret-token"
    _Gateway.received.clear()
    _Gateway.accepted.clear()
    _Gateway.dedupes = False
    yield _Gateway
    server.shutdown()
    server.server_close()


def test_the_http_gateway_sends_and_records_the_provider_id(gateway):
    gateway.answers[:] = [200]
    delivery, _outcome = record_and_send(Channel.SMS, "+12025550143")
    assert gateway.received == [
        {
            "auth": "Bearer secret-token",
            "key": outbox.delivery_key(delivery.pk),
            "to": "+12025550143",
            "text": "Hello",
        }
    ]
    assert (delivery.status, delivery.provider_id) == ("sent", "msg-1")


def test_a_rejected_number_is_a_permanent_failure_and_a_server_error_a_passing_one(gateway):
    gateway.answers[:] = [400, 503, 200]
    rejected, outcome = record_and_send(Channel.SMS, "+12025550143")
    assert outcome == outbox.Outcome.FAILED
    assert (rejected.status, rejected.permanent, rejected.error) == (
        "failed",
        True,
        "gateway answered 400",
    )

    busy, outcome = record_and_send(Channel.SMS, "+12025550144")
    assert outcome == outbox.Outcome.RETRY
    assert (busy.status, busy.permanent, busy.error) == ("pending", False, "gateway answered 503")
    assert outbox.send(busy.pk) == outbox.Outcome.SENT
    busy.refresh_from_db()
    assert (busy.status, busy.attempts, busy.error) == ("sent", 2, "")
    assert [r["to"] for r in gateway.received] == ["+12025550143", "+12025550144", "+12025550144"]


def test_an_unreachable_gateway_is_a_passing_failure(settings):
    settings.WAYPOINT_SMS_BACKEND = "messaging.transports.HttpSmsBackend"
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    port = server.server_port
    server.server_close()  # nothing listens there any more
    settings.WAYPOINT_SMS_GATEWAY_URL = f"http://127.0.0.1:{port}/send"
    settings.WAYPOINT_SMS_GATEWAY_TOKEN = "secret-token"
    delivery, outcome = record_and_send(Channel.SMS, "+12025550143")
    assert outcome == outbox.Outcome.RETRY
    assert (delivery.status, delivery.error) == (
        DeliveryStatus.PENDING,
        "gateway unreachable: URLError",
    )


def test_the_gateway_backend_refuses_plain_http_to_other_hosts(settings):
    settings.WAYPOINT_SMS_GATEWAY_URL = "http://sms.example.org/send"
    settings.WAYPOINT_SMS_GATEWAY_TOKEN = "t"
    with pytest.raises(ImproperlyConfigured):
        HttpSmsBackend()


def test_a_gateway_that_never_answers_costs_seconds_and_is_a_passing_failure(settings):
    settings.WAYPOINT_SMS_BACKEND = "messaging.transports.HttpSmsBackend"
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen()  # the connection is taken (by the kernel); nobody ever answers
        settings.WAYPOINT_SMS_GATEWAY_URL = f"http://127.0.0.1:{hung.getsockname()[1]}/send"
        settings.WAYPOINT_SMS_GATEWAY_TOKEN = "secret-token"
        began = time.monotonic()
        delivery, outcome = record_and_send(Channel.SMS, "+12025550143")
        took = time.monotonic() - began
    assert SEND_TIMEOUT <= took < SEND_TIMEOUT + 3
    assert outcome == outbox.Outcome.RETRY
    assert (delivery.status, delivery.permanent) == (DeliveryStatus.PENDING, False)
    assert delivery.error.startswith("gateway unreachable")


def _sent_but_not_recorded(delivery):
    lost = OperationalError("server closed the connection unexpectedly")
    with (
        mock.patch.object(DeliveryQuerySet, "mark_sent", side_effect=lost),
        pytest.raises(outbox.SentNotRecorded),
    ):
        outbox.send(delivery.pk)


@pytest.mark.parametrize(
    ("purpose", "dedupes", "resent"),
    [
        # At least once: tried again under the same key, whatever the gateway does with it.
        (Purpose.ALERT_COUNSELOR, False, True),
        (Purpose.ALERT_COUNSELOR, True, True),
        # At most once: tried again only where the gateway recognises the repeat.
        (Purpose.ALERT_CONTACT, True, True),
        (Purpose.ALERT_CONTACT, False, False),
    ],
)
def test_a_text_sent_just_before_a_database_error(settings, gateway, purpose, dedupes, resent):
    gateway.answers[:] = [200, 200]
    gateway.dedupes = settings.WAYPOINT_SMS_GATEWAY_DEDUPES = dedupes
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        delivery = outbox.record(purpose, Channel.SMS, "+12025550143", "Hello")
        _sent_but_not_recorded(delivery)
    with time_machine.travel(start + outbox.LEASE + timedelta(seconds=1), tick=False):
        sweep_outbox()
    delivery.refresh_from_db()
    keys = [r["key"] for r in gateway.received]
    if not resent:
        # One text, and the row says it may not have gone: never "not sent", never sent.
        assert keys == [outbox.delivery_key(delivery.pk)]
        assert delivery.status == DeliveryStatus.UNKNOWN
    elif dedupes:
        # The gateway knew the key: no second text, and the first one's id is recorded.
        assert keys == [outbox.delivery_key(delivery.pk)]
        assert (delivery.status, delivery.provider_id) == (DeliveryStatus.SENT, "msg-1")
    else:
        # Twice rather than not at all, recognisably the same message.
        assert keys == [outbox.delivery_key(delivery.pk)] * 2
        assert (delivery.status, delivery.provider_id) == (DeliveryStatus.SENT, "msg-2")
