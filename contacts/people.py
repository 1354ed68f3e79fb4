"""The people a member can reach in one tap, in the member's own order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef

from accounts.models import User
from contacts.models import ContactDelivery, SupportContact
from messaging.models import Delivery, unreachable_q


@dataclass(frozen=True)
class Reachable:
    name: str
    phone: str
    note: str = ""

    @property
    def dial(self) -> str:
        return re.sub(r"[^\d+]", "", self.phone)


def top_contacts(member: User, limit: int = 3) -> list[Reachable]:
    """The member's first contacts that have a phone number (tel: and sms: links)."""
    rows = (
        SupportContact.objects.filter(member=member)
        .exclude(phone="")
        .order_by("position", "pk")[:limit]
    )
    return [Reachable(c.name, c.phone, c.get_relationship_display()) for c in rows]


@dataclass(frozen=True)
class ContactRow:
    """A contact on My people, with their latest message if it failed for good."""

    contact: SupportContact
    failed: Delivery | None = None


def contact_rows(member: User) -> list[ContactRow]:
    """The member's contacts in their order, each with a message that could not reach them
    (two queries, whatever the number of contacts)."""
    failed = unreachable(member)
    return [
        ContactRow(contact, failed.get(contact.pk))
        for contact in SupportContact.objects.filter(member=member)
    ]


def unreachable(member: User) -> dict[int, Delivery]:
    """The member's contacts whose latest message failed for good since they were last
    edited: {contact id: that delivery}. One query."""
    later = ContactDelivery.objects.filter(
        contact=OuterRef("contact"), delivery__created_at__gt=OuterRef("delivery__created_at")
    )
    links = (
        ContactDelivery.objects.filter(
            unreachable_q("delivery__"),
            contact__member=member,
            delivery__created_at__gt=F("contact__updated_at"),
        )
        .exclude(Exists(later))
        .select_related("delivery")
    )
    return {link.contact_id: link.delivery for link in links}
