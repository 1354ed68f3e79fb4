"""Who the fault runs' program is made of (seeded by bench/faults/seed.py)."""

from __future__ import annotations

DOMAIN = "faults.example"
MEMBERS, REMINDED = 300, 100
ZONE = "America/New_York"


def member_email(i: int) -> str:
    return f"m{i}@{DOMAIN}"


def counselor_email(i: int) -> str:
    """Member i's only counselor: each alert email names exactly one alert."""
    return f"c{i}@{DOMAIN}"


def reminded_email(i: int) -> str:
    return f"r{i}@{DOMAIN}"
