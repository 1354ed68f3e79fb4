"""Time zones for people: a zone's name in the reader's language, and the zones to choose.

Stored values are IANA names ("America/New_York"); people never read one. `zone_name` is
the one way a zone is shown, on every page, in the picker and in the admin: the program's
usual zones in words ("Eastern time (New York, Atlanta, Miami)"), any other by its city and
its region in the reader's language ("Abidjan (África)"). Cities keep their IANA spelling,
with spaces for underscores: translating some 400 city names would be a catalogue to keep
for little gain, and the search box (static/js/zones.js) also matches the IANA name.

Python knows about 600 zone names, many of them legacy aliases ("W-SU", "US/Eastern",
"Etc/GMT+5", "localtime") that read as noise in a picker. People choose from the zones
named for a place (Area/City), with the program's usual ones first; a name stored before
this list existed stays valid and choosable for that person (see `choices`).
"""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

COMMON: tuple[tuple[str, Promise], ...] = (
    ("America/New_York", _("Eastern time (New York, Atlanta, Miami)")),
    ("America/Chicago", _("Central time (Chicago, Dallas, Houston)")),
    ("America/Denver", _("Mountain time (Denver, Salt Lake City)")),
    ("America/Phoenix", _("Arizona (Phoenix; no daylight saving time)")),
    ("America/Los_Angeles", _("Pacific time (Los Angeles, Seattle)")),
    ("America/Anchorage", _("Alaska (Anchorage)")),
    ("Pacific/Honolulu", _("Hawaii (Honolulu)")),
    ("America/Puerto_Rico", _("Atlantic time (Puerto Rico)")),
)
_COMMON = dict(COMMON)
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
# The parts of an IANA name that are regions, not cities: its areas and the one subregion
# whose Spanish differs (Argentina, Indiana and Kentucky are spelled alike in both).
# "Indian" alone reads as a people, not the ocean, so the oceans are named in full.
REGIONS: dict[str, Promise] = {
    "Africa": _("Africa"),
    "America": _("America"),
    "Antarctica": _("Antarctica"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
    "North_Dakota": _("North Dakota"),
}


def zone_name(name: str) -> str:
    """A zone as people read it, in the active language: 'America/Chicago' -> 'Central time
    (Chicago, Dallas, Houston)', 'America/Argentina/Buenos_Aires' -> 'Buenos Aires
    (America, Argentina)'."""
    common = _COMMON.get(name)
    if common is not None:
        return str(common)
    *regions, place = name.split("/")
    place = place.replace("_", " ")
    if not regions:
        return place
    words = [str(REGIONS.get(r, r.replace("_", " "))) for r in regions]
    return f"{place} ({', '.join(words)})"


def program_zone_name() -> str:
    """The program's own zone (settings.TIME_ZONE), where its events happen."""
    return zone_name(settings.TIME_ZONE)


def places() -> tuple[tuple[str, str], ...]:
    """Every zone named for a place, other than the common ones, by its name in the active
    language."""
    return _places(translation.get_language() or settings.LANGUAGE_CODE)


@cache
def _places(language: str) -> tuple[tuple[str, str], ...]:
    # Built once per language: some 400 names, sorted by what the reader sees.
    with translation.override(language):
        names = [z for z in available_timezones() if z.startswith(AREAS) and z not in _COMMON]
        named = sorted(((z, zone_name(z)) for z in names), key=lambda c: c[1])
    return (*named, ("UTC", "UTC"))


def choices(current: str | None = None) -> list[tuple[Any, Any]]:
    """Grouped choices for a select; `current` is added when it is valid but not listed.

    Made when the select is drawn or checked (TimezoneField passes this function, not its
    result), so the names are in the language of that request."""
    listed: list[tuple[Any, Any]] = [
        (_("Common in the United States"), list(COMMON)),
        (_("Everywhere"), places()),
    ]
    known = set(_COMMON) | {name for name, _ in places()}
    if current and current not in known and current in available_timezones():
        listed.insert(0, (_("Your current time zone"), [(current, zone_name(current))]))
    return listed
