"""The redisclosure notice (42 CFR 2.32): one include for every page that shows a member's
record to someone else, naming the consents it relies on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from accounts.consent import REDISCLOSURE_NOTICE, REDISCLOSURE_SHORT, relied_on
from accounts.models import Consent

register = template.Library()


@register.inclusion_tag("includes/redisclosure.html")
def redisclosure_notice(
    consents: Iterable[Consent | None] | Consent | None = None, *, list_page: bool = False
) -> dict:
    """`consents`: the consent(s) the page relies on (None or empty: shown without consent,
    e.g. the care team's view of engagement; the notice still goes with the record).
    `list_page`: the page shows many members (the caseload, the alert inbox), whose consent
    lines go with the full text; one member's page keeps its lines in sight, however many."""
    if consents is None or isinstance(consents, Consent):
        consents = [consents]
    seen: dict[Any, str] = {}
    for consent in consents:
        if consent is not None and consent.pk not in seen:
            seen[consent.pk] = relied_on(consent)
    return {
        "short": REDISCLOSURE_SHORT,
        "notice": REDISCLOSURE_NOTICE,
        "relied_on": list(seen.values()),
        "list_page": list_page,
    }
