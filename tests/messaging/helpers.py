"""Builders shared by the messaging tests."""

from __future__ import annotations

from messaging import outbox
from messaging.models import Channel, Delivery, DeliveryStatus, Purpose


def record_and_send(channel, address, text="Hello", purpose=Purpose.ALERT_CONTACT, **who):
    delivery, outcome = outbox.record_and_send(purpose, channel, address, text, **who)
    delivery.refresh_from_db()
    return delivery, outcome


PENDING, SENDING, SENT, FAILED, SKIPPED, UNKNOWN = (
    DeliveryStatus.PENDING,
    DeliveryStatus.SENDING,
    DeliveryStatus.SENT,
    DeliveryStatus.FAILED,
    DeliveryStatus.SKIPPED,
    DeliveryStatus.UNKNOWN,
)


TEXT = "Alex could use a call today."


def email_delivery(purpose=Purpose.ALERT_CONTACT, address="dana@example.org") -> Delivery:
    return outbox.record(purpose, Channel.EMAIL, address, TEXT)


def status_of(delivery: Delivery) -> str:
    delivery.refresh_from_db()
    return delivery.status
