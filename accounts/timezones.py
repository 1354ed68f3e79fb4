"""The time zones people can choose: the common ones first, in words, then every place.

Python knows about 600 zone names, many of them legacy aliases ("W-SU", "US/Eastern",
"Etc/GMT+5", "localtime") that read as noise in a picker. People choose from the zones
named for a place (Area/City), with the program's usual ones first; a name stored before
this list existed stays valid and choosable for that person (see `choices`).
"""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from django.utils.translation import gettext_lazy as _

COMMON: tuple[tuple[str, Any], ...] = (
    ("America/New_York", _("Eastern time (New York, Atlanta, Miami)")),
    ("America/Chicago", _("Central time (Chicago, Dallas, Houston)")),
    ("America/Denver", _("Mountain time (Denver, Salt Lake City)")),
    ("America/Phoenix", _("Arizona (Phoenix; no daylight saving time)")),
    ("America/Los_Angeles", _("Pacific time (Los Angeles, Seattle)")),
    ("America/Anchorage", _("Alaska (Anchorage)")),
    ("Pacific/Honolulu", _("Hawaii (Honolulu)")),
    ("America/Puerto_Rico", _("Atlantic time (Puerto Rico)")),
)
AREAS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)


def label(name: str) -> str:
    """'America/Argentina/Buenos_Aires' -> 'Buenos Aires (America, Argentina)'."""
    *area, place = name.replace("_", " ").split("/")
    return f"{place} ({', '.join(area)})" if area else place


@cache
def places() -> tuple[tuple[str, str], ...]:
    """Every zone named for a place, other than the common ones, by its label."""
    common = {name for name, _ in COMMON}
    names = [z for z in available_timezones() if z.startswith(AREAS) and z not in common]
    return (*sorted(((z, label(z)) for z in names), key=lambda c: c[1]), ("UTC", "UTC"))


def choices(current: str | None = None) -> list[tuple[Any, Any]]:
    """Grouped choices for a select; `current` is added when it is valid but not listed."""
    listed = [(_("Common in the United States"), list(COMMON)), (_("Everywhere"), places())]
    known = {name for name, _ in COMMON} | {name for name, _ in places()}
    if current and current not in known and current in available_timezones():
        listed.insert(0, (_("Your current time zone"), [(current, label(current))]))
    return listed
