"""Times with their time zone when it is not the viewer's.

Events happen where the program is, on its clock (alumni/forms.py ProgramDateTimeField).
A member in another time zone sees the program's time with its zone's name, then their own
clock's time: "Tue Dec 8, 7:00 PM EST (5:00 PM MST, your time)".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import template
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from core import zones

register = template.Library()
DASH = " \u2013 "  # an en dash between the start and the end


def _viewer_zone(context: Any) -> ZoneInfo | None:
    user = context.get("user")
    name = getattr(user, "timezone", "") if getattr(user, "is_authenticated", False) else ""
    return ZoneInfo(name) if name else None


@register.filter
def zone_name(name: str) -> str:
    """{{ user.timezone|zone_name }}: the zone in words, in the reader's language."""
    return zones.zone_name(name)


@register.simple_tag(takes_context=True)
def program_time(
    context: Any, when: datetime | None, fmt: str = "", until: datetime | None = None
) -> str:
    """`when` (to `until`, same day) on the program's clock, and the viewer's if it differs.

    Formats go through translation (fmt too: pass _("...")), so Spanish reads "mar 8 dic,
    19:00", not "Tue Dec 8, 7:00 PM" with Spanish words.
    """
    if when is None:
        return ""
    fmt = fmt or _("D M j, g:i A")
    clock = _("g:i A")
    program = timezone.get_default_timezone()
    here = when.astimezone(program)
    text = dateformat.format(here, fmt)
    if until is not None:
        text += DASH + dateformat.format(until.astimezone(program), clock)
    viewer = _viewer_zone(context)
    if viewer is None or when.astimezone(viewer).utcoffset() == here.utcoffset():
        return text
    theirs = dateformat.format(when.astimezone(viewer), clock)
    if until is not None:
        theirs += DASH + dateformat.format(until.astimezone(viewer), clock)
    if when.astimezone(viewer).date() != here.date():
        theirs = dateformat.format(when.astimezone(viewer), _("D M j")) + ", " + theirs
    return _("%(time)s %(zone)s (%(own)s %(own_zone)s, your time)") % {
        "time": text,
        "zone": dateformat.format(here, "T"),
        "own": theirs,
        "own_zone": dateformat.format(when.astimezone(viewer), "T"),
    }
