"""Builders shared by the support-contact tests: a good contact, adding one, messaging one."""

from __future__ import annotations

from contacts.models import ContactDelivery
from messaging import outbox
from messaging.models import Channel, Purpose
from messaging.transports import TransportError

GOOD = {
    "name": "Marcus",
    "relationship": "sponsor",
    "phone": "(202) 555-0143",
    "email": "",
    "preferred_channel": "call",
    "best_times": "Evenings",
    "approved_message": "",
}


def add_contact(client, **data):
    return client.post("/contacts/new/", {**GOOD, **data})


def message_to(contact, member, channel=Channel.EMAIL):
    """A message to `contact` recorded and sent through the outbox, as alerts do."""
    address = contact.phone if channel == Channel.SMS else contact.email
    delivery = outbox.record(
        Purpose.ALERT_CONTACT, channel, address, "Alex could use a call today.", about=member
    )
    ContactDelivery.objects.create(delivery=delivery, contact=contact)
    outbox.send(delivery.pk)
    delivery.refresh_from_db()
    return delivery


class RejectingSms:
    def send(self, to: str, text: str, key: str) -> str:
        raise TransportError("gateway answered 400", permanent=True)


class BusySms:
    def send(self, to: str, text: str, key: str) -> str:
        raise TransportError("gateway answered 503", permanent=False)
