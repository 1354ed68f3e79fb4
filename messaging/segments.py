"""How many texts a message goes as: a message within one text's alphabet and length costs
one text and arrives whole; one character outside that alphabet, or one over its length,
and the phone network splits it into parts that some phones show apart or out of order."""

from __future__ import annotations

# GSM 03.38's basic alphabet: what one text of 160 characters holds (any other character,
# such as á, í, ó or ú, makes it a UCS-2 text of 70).
GSM_7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
ONE_TEXT = 160


def fits_one_text(text: str) -> bool:
    return len(text) <= ONE_TEXT and set(text) <= GSM_7
