"""A signal's sentence in the reader's language (`{{ signal|sentence }}`)."""

from __future__ import annotations

from typing import Any

from django import template

from alerts.rules import sentence as said_sentence

register = template.Library()


@register.filter
def sentence(row: dict[str, Any]) -> str:
    return said_sentence(row)
