"""`{{ day|date_in_sentence:_("l, F j") }}`: a date inside a sentence (core.dates)."""

from __future__ import annotations

from datetime import date

from django import template

from core.dates import in_sentence

register = template.Library()


@register.filter(expects_localtime=True)
def date_in_sentence(value: date | None, fmt: str) -> str:
    """Like `date`, with the weekday and month names in the case a sentence needs: use it
    wherever the date is not the first word of its sentence or line. Where it is (the
    check-in's "Domingo 20 de diciembre. Toma menos de un minuto", the access log's cards),
    `date` writes it right."""
    if not isinstance(value, date):  # None, a missing variable (""), or not a date at all
        return ""  # as `date` does: a page is not lost over one value
    return in_sentence(value, fmt)
