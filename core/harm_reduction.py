"""Harm-reduction settings (never-use-alone line, naloxone places, the program's phone),
checked when settings load, like the crisis lines (core.crisis_lines).

Pure Python, so recovery_site/settings.py can use it before any app is loaded.
"""

from __future__ import annotations

import re
from typing import Any

PLACE_KEYS = ("name", "detail", "phone")
PLACES_EXAMPLE = '[{"name": "Main Street Pharmacy", "detail": "12 Main St", "phone": "555-0100"}]'


def dial(number: str) -> str:
    """What a tel: link needs: digits and a leading + only."""
    return re.sub(r"[^\d+]", "", number)


def phone_problem(number: str) -> str | None:
    """Why `number` cannot be dialled, or None (an empty number is "not set")."""
    if number and not re.search(r"\d", number):
        return "has no digits to dial"
    return None


def place_problems(places: Any) -> list[str]:
    """What is wrong with a list of naloxone places, each said so it can be fixed."""
    if not isinstance(places, list):
        return ["it must be a list"]
    found: list[str] = []
    for n, place in enumerate(places, 1):
        if not isinstance(place, dict):
            found.append(f"place {n} must be an object with a name")
            continue
        unknown = sorted(set(place) - set(PLACE_KEYS))
        if unknown:
            found.append(
                f"place {n} has unknown keys {', '.join(unknown)} (known: {', '.join(PLACE_KEYS)})"
            )
        if not isinstance(place.get("name"), str) or not place["name"].strip():
            found.append(f'place {n} needs "name" as text')
        for key in ("detail", "phone"):
            if key in place and not isinstance(place[key], str):
                found.append(f'place {n}: "{key}" must be text')
        if isinstance(place.get("phone"), str) and phone_problem(place["phone"]):
            found.append(f'place {n}: "phone" has no digits to dial')
    return found


def normalized_places(places: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"detail": "", "phone": "", **place, "dial": dial(place.get("phone", ""))}
        for place in places
    ]
