"""The webhook for inbound texts (texting.views.inbound): believed only when the gateway
signed it within the window, stored once per gateway id, handed to the worker; a number
that is no member's gets only the opt-out line."""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from checkins.progress import local_date
from messaging.models import Delivery
from tests.factories import CheckInFactory
from tests.texting.helpers import PHONE, SECRET, body, post_text, signed_headers
from texting.models import InboundText, TextConversation

pytestmark = pytest.mark.django_db

STRANGER = "+12025550199"


def test_a_signed_text_is_stored_handed_over_and_answered_at_once(
    client, texter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as handed_over:
        response = post_text(client, "hello", message_id="gw-1")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    row = InboundText.objects.get()
    assert (row.message_id, row.phone, row.text, row.handled_at) == ("gw-1", PHONE, "hello", None)
    assert len(handed_over) == 1  # the worker's task, once the row is committed


def test_the_worker_handles_it_and_empties_the_body(send, texter):
    assert send("hello") == [
        "Waypoint check-in: how strong is any craving right now, from 0 (none) to 10? "
        "Reply with a number."
    ]
    row = InboundText.objects.get()
    assert (row.text, row.member) == ("", texter)
    assert row.handled_at is not None


@pytest.mark.parametrize(
    "signing",
    [
        {"secret": "not-the-secret"},
        {"ago": 6 * 60},  # older than five minutes: a replay
        {"ago": -6 * 60},  # from the future: no licence to replay later
    ],
    ids=["wrong secret", "too old", "too far ahead"],
)
def test_a_bad_signature_or_stale_timestamp_is_refused_and_nothing_stored(client, texter, signing):
    # The instant is taken when the test runs, not when the suite was collected.
    if "ago" in signing:
        signing = {"at": time.time() - signing["ago"]}
    response = post_text(client, "7", **signing)
    assert response.status_code == 403
    assert not InboundText.objects.exists()
    assert not Delivery.objects.exists()


def test_a_text_signed_four_minutes_ago_is_still_believed(client, texter):
    assert post_text(client, "7", at=time.time() - 4 * 60).status_code == 200


def test_a_body_changed_after_signing_is_refused(client, texter):
    signed = body("7")
    headers = signed_headers(signed)
    changed = signed.replace(b'"7"', b'"9"')
    response = client.post(
        "/texting/inbound/",
        changed,
        content_type="application/json",
        HTTP_X_WAYPOINT_TIMESTAMP=headers["X-Waypoint-Timestamp"],
        HTTP_X_WAYPOINT_SIGNATURE=headers["X-Waypoint-Signature"],
    )
    assert response.status_code == 403
    assert not InboundText.objects.exists()


def test_no_headers_and_no_secret_configured_are_refused(client, texter, settings):
    assert (
        client.post("/texting/inbound/", body("7"), content_type="application/json").status_code
        == 403
    )
    settings.WAYPOINT_SMS_WEBHOOK_SECRET = ""
    assert post_text(client, "7").status_code == 403
    assert not InboundText.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"[]",
        json.dumps({"id": "gw-x", "from": PHONE}).encode(),  # no text
        json.dumps({"id": "", "from": PHONE, "text": "7"}).encode(),
        json.dumps({"id": "gw-x", "from": "not a number", "text": "7"}).encode(),
        json.dumps({"id": 5, "from": PHONE, "text": "7"}).encode(),
        json.dumps({"id": "gw-x", "from": PHONE, "text": "x" * 1601}).encode(),
    ],
)
def test_a_signed_but_malformed_message_is_refused_with_nothing_stored(client, payload):
    headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in signed_headers(payload).items()}
    response = client.post("/texting/inbound/", payload, content_type="application/json", **headers)
    assert response.status_code == 400
    assert not InboundText.objects.exists()


def test_a_repeated_gateway_id_is_stored_and_handled_once(send, texter):
    assert len(send("hello", message_id="gw-same")) == 1
    assert send("hello", message_id="gw-same") == []
    assert InboundText.objects.count() == 1


def test_only_post(client):
    assert client.get("/texting/inbound/").status_code == 405


def test_a_number_that_is_no_members_gets_only_the_opt_out_line(send, texter):
    assert send("7", phone=STRANGER) == ["Waypoint: reply STOP to stop texts from this number."]
    assert send("HELP", phone=STRANGER) == []  # once a day at most: no exchange starts
    assert send("hello again", phone=STRANGER) == []
    row = InboundText.objects.filter(phone=STRANGER).first()
    assert row.member is None


def test_the_text_never_reaches_the_log(send, texter, caplog):
    caplog.set_level(logging.DEBUG)
    send("Zqsecretword 7")
    assert "Zqsecretword" not in caplog.text
    assert PHONE not in caplog.text
    assert SECRET not in caplog.text


def test_the_webhook_and_the_worker_take_the_same_queries_however_many_texts_came_before(
    client, texter, django_capture_on_commit_callbacks
):
    def counted(text: str) -> tuple[int, int]:
        with (
            CaptureQueriesContext(connection) as webhook,
            django_capture_on_commit_callbacks() as handed_over,
        ):
            post_text(client, text)
        with CaptureQueriesContext(connection) as worker:
            for callback in handed_over:
                callback()
        return len(webhook), len(worker)

    first = counted("hello")
    for n in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            post_text(client, str(n % 10), phone=STRANGER)
            post_text(client, "HELP")
    today = local_date(texter.timezone)
    for ago in range(1, 11):
        CheckInFactory(member=texter, local_date=today - timedelta(days=ago))
    TextConversation.objects.all().delete()
    assert counted("hello") == first
    assert first[0] <= 4  # the webhook: the row and its savepoint, nothing more
