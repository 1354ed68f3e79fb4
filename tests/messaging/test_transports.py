"""Channels: one way to send, every send recorded; SMS through a gateway we stand up here."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail

from messaging.models import Delivery
from messaging.transports import HttpSmsBackend, TransportError, deliver

pytestmark = pytest.mark.django_db


def test_an_email_is_sent_and_recorded(member):
    delivery = deliver(
        "email", "dana@example.org", "Alex could use a call.", purpose="support", about=member
    )
    assert (
        mail.outbox[0].to == ["dana@example.org"]
        and mail.outbox[0].body == "Alex could use a call."
    )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.about) == ("sent", 1, member)


def test_sms_through_the_console_backend_is_recorded(member, capsys):
    deliver("sms", "+12025550143", "See you Tuesday?", purpose="support")
    assert "[sms to +12025550143] See you Tuesday?" in capsys.readouterr().out
    assert Delivery.objects.get().status == "sent"


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


def test_the_http_gateway_sends_and_records_the_provider_id(gateway):
    gateway.answers[:] = [200]
    delivery = deliver("sms", "+12025550143", "Hello", purpose="support")
    assert gateway.received == [
        {"auth": "Bearer secret-token", "to": "+12025550143", "text": "Hello"}
    ]
    assert (delivery.status, delivery.provider_id) == ("sent", "msg-42")


def test_a_rejected_number_is_a_permanent_failure_and_a_server_error_a_passing_one(gateway):
    gateway.answers[:] = [400, 503, 200]
    with pytest.raises(TransportError) as rejected:
        deliver("sms", "+12025550143", "Hello", purpose="support")
    assert rejected.value.permanent
    assert Delivery.objects.get().status == "failed"

    with pytest.raises(TransportError) as busy:
        deliver("sms", "+12025550144", "Hello", purpose="support")
    retry = Delivery.objects.get(address="+12025550144")
    assert not busy.value.permanent and retry.status == "pending"
    deliver("sms", retry.address, retry.text, purpose="support", delivery=retry)
    retry.refresh_from_db()
    assert (retry.status, retry.attempts) == ("sent", 2)


def test_the_gateway_backend_refuses_plain_http_to_other_hosts(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.WAYPOINT_SMS_GATEWAY_URL = "http://sms.example.org/send"
    settings.WAYPOINT_SMS_GATEWAY_TOKEN = "t"
    with pytest.raises(ImproperlyConfigured):
        HttpSmsBackend()
