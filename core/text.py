"""Comparing what people type with what is stored, the way people expect: any case, with or
without accents. Typing an accent on a phone is a long press, and a text message may drop it,
so "lucia" means Lucía and "si" means sí."""

from __future__ import annotations

import unicodedata


def folded(text: str) -> str:
    """`text` in lower case with its accents taken off: "Lucía" is "lucia"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
