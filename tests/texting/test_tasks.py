"""The worker's tasks (texting.tasks): a text is handled once, whoever runs it; the sweep
hands over what the broker never did, for a day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from messaging.models import Delivery
from tests.texting.helpers import PHONE
from texting.models import InboundText
from texting.tasks import handle_inbound, oldest_unhandled, sweep_inbound

pytestmark = pytest.mark.django_db


def _stored(ago: timedelta, text: str = "hello", **fields) -> InboundText:
    return InboundText.objects.create(
        message_id=f"gw-{ago}-{text}",
        phone=PHONE,
        text=text,
        received_at=timezone.now() - ago,
        **fields,
    )


def test_a_text_is_handled_once_however_often_its_task_runs(texter):
    row = _stored(timedelta(0))
    assert handle_inbound(row.pk) == 1
    assert handle_inbound(row.pk) == 0
    assert Delivery.objects.count() == 1
    assert handle_inbound(999999) == 0  # gone: nothing to do


def test_the_sweep_hands_over_what_the_broker_never_did(texter, caplog):
    waiting = _stored(timedelta(minutes=2))
    fresh = _stored(timedelta(seconds=5), "fresh")  # its own task is surely on the way
    handled = _stored(timedelta(minutes=5), "done", handled_at=timezone.now())
    abandoned = _stored(timedelta(days=2), "old")
    assert sweep_inbound() == 1
    waiting.refresh_from_db()
    assert waiting.handled_at is not None and waiting.text == ""
    for untouched in (fresh, abandoned):
        untouched.refresh_from_db()
        assert untouched.handled_at is None
    handled.refresh_from_db()
    assert handled.text == "done"
    assert "inbound_unhandled count=1" in caplog.text


def test_the_health_check_reads_how_long_the_oldest_text_has_waited(client, texter):
    assert oldest_unhandled() is None
    waiting = _stored(timedelta(minutes=4))
    _stored(timedelta(minutes=1), "newer")
    assert oldest_unhandled() == waiting.received_at
    body = client.get("/healthz/deep").json()
    assert body["unhandled_texts"]["status"] == "late"
    assert body["unhandled_texts"]["late_after_seconds"] == 180
