"""The accounting of disclosures: every time a member's record went to someone else.

Two sources, merged by time: the audit trail (each view by someone else, with the consent it
relied on; refused attempts are not disclosures and stay out) and the outbox (messages
sent about the member to other people: their care team, on-call counselors, and the
supporters told on the member's behalf). Lives in home because it reads accounts,
messaging and contacts.
"""

from __future__ import annotations

import csv
import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit_log import NO_CONSENT_NEEDED, describe, why
from accounts.models import REFUSED, AuditEvent, Consent, User, record_events
from messaging.models import Delivery, DeliveryStatus, Purpose

HEADER = ("date", "recipient", "description", "purpose", "consent")
YEARS_KEPT = 6  # audit records are kept about six years (HIPAA 45 CFR 164.530(j))

# Messages that tell someone else about the member (never the member's own reminders).
DISCLOSING: dict[str, Promise] = {
    Purpose.ALERT_COUNSELOR: gettext_lazy("Your care team told of an alert (no health details)"),
    Purpose.ALERT_ESCALATION: gettext_lazy(
        "An on-call counselor told of an alert nobody had seen in time (no health details)"
    ),
    Purpose.ALERT_CONTACT: gettext_lazy("Support when you may need it, in words you approved"),
    Purpose.ALERT_PEER: gettext_lazy("Support when you may need it, in words you approved"),
    Purpose.TELL_COUNSELOR: gettext_lazy("You asked for your counselor"),
}


def earliest_day(today: date) -> date:
    """The first day an accounting may cover: six years back (Feb 29 becomes Feb 28)."""
    try:
        return today.replace(year=today.year - YEARS_KEPT)
    except ValueError:
        return today.replace(year=today.year - YEARS_KEPT, day=28)


@dataclass(frozen=True)
class Disclosure:
    at: datetime
    recipient: str
    description: str
    purpose: str
    consent: str


def _consent_words(consent: Consent | None) -> str:
    if consent is None:
        return str(NO_CONSENT_NEEDED)
    day = date_format(timezone.localdate(consent.granted_at), "Y-m-d")
    return _("Consent no. %(id)s of %(day)s") % {"id": consent.pk, "day": day}


def _from_audit(events: Iterable[AuditEvent]) -> Iterator[Disclosure]:
    for event in events:
        yield Disclosure(
            at=event.at,
            recipient=event.actor.display_name if event.actor else _("Program system"),
            description=describe(event.action, event.scope),
            purpose=why(event),
            consent=_consent_words(event.consent),
        )


def _recipient(delivery: Delivery) -> str:
    link = getattr(delivery, "contact_link", None)
    if link is not None:
        return link.contact.name
    if delivery.to_user is not None:
        return delivery.to_user.display_name
    return _("A support contact (since removed)")


def _held_at(consents: list[Consent], recipient_id: int | None, at: datetime) -> Consent | None:
    """The consent (to alerts) that covered a message to `recipient_id` when it was sent."""
    for consent in consents:
        if consent.recipient_id != recipient_id or consent.granted_at > at:
            continue
        if consent.revoked_at and consent.revoked_at <= at:
            continue
        if consent.expires_at and consent.expires_at <= at:
            continue
        return consent
    return None


def _from_outbox(deliveries: Iterable[Delivery], consents: list[Consent]) -> Iterator[Disclosure]:
    for delivery in deliveries:
        counselor = delivery.purpose in (Purpose.ALERT_COUNSELOR, Purpose.ALERT_ESCALATION)
        held = _held_at(consents, delivery.to_user_id, delivery.sent_at or delivery.created_at)
        if counselor and held is not None:
            consent = _consent_words(held)
        elif counselor:
            consent = str(NO_CONSENT_NEEDED)
        else:
            consent = _("Your choice: they agreed and you chose to let them be told")
        yield Disclosure(
            at=delivery.sent_at or delivery.created_at,
            recipient=_recipient(delivery),
            description=_("Message by %(channel)s: %(purpose)s")
            % {
                "channel": delivery.get_channel_display(),
                "purpose": delivery.get_purpose_display(),
            },
            purpose=str(DISCLOSING[delivery.purpose]),
            consent=consent,
        )


def disclosures(member: User, first: date, last: date) -> Iterator[Disclosure]:
    """Every disclosure of the member's record from `first` to `last` (their days), oldest
    first, streamed: three queries whatever the length."""
    tz = ZoneInfo(member.timezone)
    start = datetime.combine(first, time.min, tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)
    events = (
        record_events(member)
        .filter(at__gte=start, at__lt=end)
        .exclude(action=REFUSED)
        .select_related("actor", "consent")
        .order_by("at", "pk")
    )
    deliveries = (
        Delivery.objects.filter(
            about=member,
            purpose__in=list(DISCLOSING),
            status=DeliveryStatus.SENT,
            sent_at__gte=start,
            sent_at__lt=end,
        )
        .exclude(to_user=member)
        .select_related("to_user", "contact_link__contact")
        .order_by("sent_at", "pk")
    )
    consents = list(Consent.objects.filter(member=member, scope_alerts=True))
    yield from heapq.merge(
        _from_audit(events.iterator(chunk_size=500)),
        _from_outbox(deliveries.iterator(chunk_size=500), consents),
        key=lambda d: d.at,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: str) -> str:
    # A name typed as "=HYPERLINK(...)" must stay text when the file opens in a spreadsheet.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_lines(member: User, first: date, last: date) -> Iterator[str]:
    """The accounting as CSV lines, one at a time (for a streaming response)."""
    writer = csv.writer(_Echo())
    tz = ZoneInfo(member.timezone)
    yield writer.writerow(HEADER)
    for row in disclosures(member, first, last):
        when = timezone.localtime(row.at, tz).isoformat(timespec="minutes")
        cells = (row.recipient, row.description, row.purpose, row.consent)
        yield writer.writerow((when, *map(_cell, cells)))
