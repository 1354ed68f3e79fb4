"""Who the Get help now panel offers a member: their first contacts with a phone number,
their peer supporter, and the next event of their groups.

The panel is on every member page, so the three lookups are kept per member for a few
minutes (core.person_cache) instead of running on every request. A change to the member's
own contacts or peer pairing forgets them at once (the next page shows it); a new event,
or a peer's new number, shows within KEEP_SECONDS, and an event is never offered after
it has ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import User
from alumni.network import next_event, peer_supporter
from alumni.signals import pairing_changed
from contacts.models import SupportContact
from contacts.people import Reachable, top_contacts
from contacts.signals import contacts_changed
from core.person_cache import forget, remembered

KEEP_SECONDS = 300


@dataclass(frozen=True)
class NextEvent:
    title: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class HelpPeople:
    contacts: list[Reachable]
    peers: list[Reachable]
    event: NextEvent | None


def _key(member_id: int, language: str) -> str:
    return f"help-people:{member_id}:{language}"


def help_people(member: User) -> HelpPeople:
    return remembered(_key(member.pk, get_language() or ""), lambda: _look_up(member))


def _look_up(member: User) -> tuple[HelpPeople, int]:
    event = next_event(member)
    found = HelpPeople(
        contacts=top_contacts(member),
        peers=[p for p in [peer_supporter(member)] if p],
        event=NextEvent(event.title, event.starts_at, event.ends_at) if event else None,
    )
    keep = KEEP_SECONDS
    if event is not None:
        keep = min(keep, int((event.ends_at - timezone.now()).total_seconds()))
    return found, keep


def forget_member(member_id: int) -> None:
    # The panel's words (a relationship, "Peer supporter") are kept in the reader's language.
    languages = {code for code, _name in settings.LANGUAGES} | {settings.LANGUAGE_CODE}
    forget(*(_key(member_id, code) for code in sorted(languages)))


def _contact_saved_or_deleted(sender: Any, instance: SupportContact, **kwargs: Any) -> None:
    forget_member(instance.member_id)


def _people_changed(sender: Any, member_id: int, **kwargs: Any) -> None:
    forget_member(member_id)


def connect() -> None:
    """From HomeConfig.ready: contacts and alumni tell, home forgets (they cannot import
    home)."""
    post_save.connect(
        _contact_saved_or_deleted, sender=SupportContact, dispatch_uid="help_people_save"
    )
    post_delete.connect(
        _contact_saved_or_deleted, sender=SupportContact, dispatch_uid="help_people_delete"
    )
    contacts_changed.connect(_people_changed, dispatch_uid="help_people_contacts")
    pairing_changed.connect(_people_changed, dispatch_uid="help_people_pairing")
