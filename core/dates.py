"""Dates inside a sentence, written the way the reader's language writes them there."""

from __future__ import annotations

from datetime import date

from django.utils import formats
from django.utils.translation import get_language

# Languages that write weekday and month names in lower case inside a sentence. Django's
# Spanish names for "l" (the weekday) and "M" are capitalised, as at the start of a line:
# "hasta el Domingo 20 de diciembre" must read "hasta el domingo 20 de diciembre", while
# English keeps its capitals ("until Sunday, December 20"), so the whole date cannot simply
# be put in lower case.
LOWER_CASE_NAMES = frozenset({"es"})
# Every format character that writes a weekday's or a month's name.
NAME_CHARACTERS = "DlMbEFN"


def in_sentence(value: date, fmt: str) -> str:
    """`value` as the `date` filter writes it with `fmt` (a format or a format's name such as
    "DATE_FORMAT"), for use inside a sentence in the active language."""
    text = formats.date_format(value, fmt)
    if (get_language() or "").split("-")[0] not in LOWER_CASE_NAMES:
        return text
    for character in NAME_CHARACTERS:
        name = formats.date_format(value, character)
        text = text.replace(name, name.lower())
    return text
