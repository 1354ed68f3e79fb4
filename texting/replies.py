"""Reading a member's text replies: one word or number each, forgiving of case, spaces and
small typos. Pure functions: nothing here touches the database.

Each reader returns the answer, or None when the reply is not one (the conversation asks
again, kindly, and stores nothing). Keywords (STOP, START, HELP) are matched on the whole
message, as carriers require; the member's own words for "I'm struggling" and "I used" are
matched the same way, with one typo forgiven.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TypeVar

from core.text import folded

T = TypeVar("T")

HALT_STATES = ("hungry", "angry", "lonely", "tired")
NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)
# The questions are also asked in Spanish (the member's language): its words count too.
NUMBER_WORDS_ES = (
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
)
NUMBERS = {word: n for words in (NUMBER_WORDS, NUMBER_WORDS_ES) for n, word in enumerate(words)}
# Real numbers past 10, never a typo of one under it ("once" is 11 in Spanish, not "one").
PAST_TEN = frozenset(("eleven", "twelve", "once", "doce", "trece"))
CRAVING_MAX = 10
NONE_WORDS = ("none", "no", "nope", "nothing", "neither", "nah", "0", "zero", "n")
NONE_WORDS_ES = ("nada", "ninguno", "ninguna", "cero")
YES_WORDS = ("yes", "y", "yeah", "yep", "yup", "ya", "yea", "yess", "yah", "si", "claro")
NO_WORDS = ("no", "n", "nope", "nah", "not", "never", "na", "nop", "nunca")
YES_NO = {**dict.fromkeys(YES_WORDS, True), **dict.fromkeys(NO_WORDS, False)}
# Each state by its English and Spanish words; its initials are in INITIALS.
HALT_WORDS = {
    **{state: state for state in HALT_STATES},
    **dict.fromkeys(("hambre", "hambriento", "hambrienta"), "hungry"),
    **dict.fromkeys(("enojo", "enojado", "enojada"), "angry"),
    **dict.fromkeys(("soledad", "solo", "sola"), "lonely"),
    **dict.fromkeys(("cansancio", "cansado", "cansada"), "tired"),
}
INITIALS = {"h": "hungry", "a": "angry", "l": "lonely", "t": "tired"} | {
    "e": "angry",  # enojo
    "s": "lonely",  # soledad
    "c": "tired",  # cansancio
}
# Words a member may put between the states ("hungry and tired", "a bit lonely", "y").
FILLERS = frozenset(
    {"and", "im", "i", "am", "feel", "feeling", "bit", "little", "very", "so"}
    | {"y", "con", "un", "poco", "algo", "muy", "mucho", "mucha", "estoy", "tengo", "me"}
)


class Keyword(StrEnum):
    STOP = "stop"
    START = "start"
    HELP = "help"


# The words carriers expect each keyword to answer to (CTIA's short code handbook).
KEYWORDS_EN: dict[str, Keyword] = {
    **dict.fromkeys(("stop", "stopall", "unsubscribe", "cancel", "end", "quit"), Keyword.STOP),
    **dict.fromkeys(("start", "unstop"), Keyword.START),
    **dict.fromkeys(("help", "info"), Keyword.HELP),
}
# Spanish speakers' words for the same: an opt-out honoured more broadly is the safe side,
# and the carriers' English words keep working in every language.
KEYWORDS_ES: dict[str, Keyword] = {
    **dict.fromkeys(("parar", "alto", "baja", "cancelar", "fin"), Keyword.STOP),
    "ayuda": Keyword.HELP,
}
KEYWORDS = KEYWORDS_EN | KEYWORDS_ES


def normalize(text: str) -> str:
    """Lower case, no accents, no punctuation at the ends, single spaces: "  Five! " is
    "five", "Sí" is "si"."""
    words = re.sub(r"[^\w/&+-]+", " ", folded(text)).split()
    return " ".join(words).strip(" +&/")


def edits(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (a swapped pair is one typo), small words only."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, previous2[j - 2] + 1)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]


def meaning(word: str, table: dict[str, T], shortest: int = 3) -> T | None:
    """What the word means in `table`: exactly, or one typo away from its words. A word
    shorter than `shortest` must be exact ("ni" is not "no"); a typo as near to two
    different meanings is no answer."""
    if word in table:
        return table[word]
    if len(word) < shortest:
        return None
    near = {value for key, value in table.items() if edits(word, key) <= 1}
    return near.pop() if len(near) == 1 else None


def keyword(text: str) -> Keyword | None:
    """STOP, START or HELP, when the whole message is one (any case, any spacing, English
    or Spanish: "PARAR" is STOP, "Ayuda" is HELP)."""
    return KEYWORDS.get(normalize(text).replace(" ", ""))


def is_word(text: str, chosen: str) -> bool:
    """Whether the whole message is the member's chosen word (one typo forgiven)."""
    said, word = normalize(text).replace(" ", ""), normalize(chosen)
    return bool(word) and meaning(said, {word: True}, shortest=4) is not None


def parse_craving(text: str) -> int | None:
    """0 to 10, as digits ("7", "7/10", "7 out of 10") or a word ("seven", "sevn")."""
    said = normalize(text)
    match = re.fullmatch(r"(\d{1,2})(?:\s*(?:/|out of|of)\s*10)?", said)
    if match:
        value = int(match.group(1))
        return value if value <= CRAVING_MAX else None
    word = said.replace(" ", "")
    return None if word in PAST_TEN else meaning(word, NUMBERS)


def _halt_state(token: str) -> list[str] | None:
    """The states one token names: a word ("lonley"), an initial ("l") or initials run
    together ("ht"); None when it names none of them."""
    word = meaning(token, HALT_WORDS, shortest=4)
    if word is not None:
        return [word]
    if len(token) <= len(HALT_STATES) and all(letter in INITIALS for letter in token):
        return [INITIALS[letter] for letter in token]
    return None


def parse_halt(text: str) -> frozenset[str] | None:
    """Which of hungry, angry, lonely, tired the reply names, in any order and with any
    separator; "none", "no" or "0" is the empty set. None when a word is none of those."""
    said = normalize(text)
    if said in NONE_WORDS or said in NONE_WORDS_ES:
        return frozenset()
    split = [t for t in re.split(r"[\s,;/&+.-]+", said) if t]
    # "a bit tired": that "a" is an article, not angry's initial.
    after = [*split[1:], ""]
    split = [
        t for t, next_one in zip(split, after, strict=False) if t != "a" or next_one not in FILLERS
    ]
    tokens = [t for t in split if t not in FILLERS]
    if not tokens:
        return None
    named: set[str] = set()
    for token in tokens:
        states = _halt_state(token)
        if states is None:
            return None
        named.update(states)
    return frozenset(named)


def parse_yes_no(text: str) -> bool | None:
    """Yes or no ("Y", "yeah", "yse", "nope"); None when it is neither."""
    said = normalize(text).replace(" ", "")
    return meaning(said, YES_NO)
