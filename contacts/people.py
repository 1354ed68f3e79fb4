"""The people a member can reach in one tap, in the member's own order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from accounts.models import User
from contacts.models import SupportContact


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
