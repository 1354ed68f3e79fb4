"""The SMS transport (messaging.transports.SmsTransport and its backends: console, disabled, an
HTTP gateway we stand up), through the outbox."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from messaging import outbox
from messaging.models import Channel, Delivery, DeliveryStatus
from messaging.transports import (
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
    answers: list[int] = []
    received: list[dict] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Gateway.received.append({"auth": self.headers["Authorization"], **body})
        code = _Gateway.answers.pop(0)
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"id": "msg-42"}).encode())

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
    yield _Gateway
    server.shutdown()
    server.server_close()


def test_the_http_gateway_sends_and_records_the_provider_id(gateway):
    gateway.answers[:] = [200]
    delivery, _outcome = record_and_send(Channel.SMS, "+12025550143")
    assert gateway.received == [
        {"auth": "Bearer secret-token", "to": "+12025550143", "text": "Hello"}
    ]
    assert (delivery.status, delivery.provider_id) == ("sent", "msg-42")


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
