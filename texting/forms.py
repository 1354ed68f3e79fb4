"""The member's two words: one word each, that no reply or keyword could be mistaken for."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import StatedLimits
from texting import replies
from texting.models import TextSettings

WORD = re.compile(r"[^\W\d_]{3,20}")
ONE_WORD = _("Use one word of 3 to 20 letters, no spaces or numbers.")

_STOP = _("%(word)s, which ends all texts")
_START = _("%(word)s, which turns texts back on")
_HELP = _("%(word)s, which texts back the program's number and the crisis lines")
_CRAVING = _("%(word)s, an answer to the craving question (0 to 10)")
_HALT = _("%(word)s, an answer to “hungry, angry, lonely or tired?”")
_USED = _("%(word)s, an answer to “Did you use today?”")
_KEYWORD_MEANS = {
    replies.Keyword.STOP: _STOP,
    replies.Keyword.START: _START,
    replies.Keyword.HELP: _HELP,
}
# Every word a text already reads, with what it means there; the first meaning wins for a
# word that has two ("no", "zero"). "halt" is the four initials, often texted whole.
RESERVED: dict[str, Promise] = {
    **{word: _KEYWORD_MEANS[said] for word, said in replies.KEYWORDS.items()},
    **dict.fromkeys(replies.YES_NO, _USED),
    **dict.fromkeys(replies.NUMBERS, _CRAVING),
    **dict.fromkeys(
        (*replies.HALT_WORDS, *replies.NONE_WORDS, *replies.NONE_WORDS_ES, "halt"), _HALT
    ),
}


def is_taken(word: str) -> bool:
    """A keyword, or a reply to a check-in question: it would mean that instead."""
    return (
        replies.keyword(word) is not None
        or replies.parse_craving(word) is not None
        or replies.parse_halt(word) is not None
        or replies.parse_yes_no(word) is not None
    )


def has_accents(typed: str) -> bool:
    """Whether a text reads this word otherwise than it is spelled ("niño" as "nino")."""
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFKD", typed))


def clash(word: str) -> tuple[str, str] | None:
    """The word a text already reads that this one is, or is one typo from, and what it
    means: ("STOP", "STOP, which ends all texts"). One typo counts because a text forgives
    one typo of the member's word: "stopp" as their word would catch "stoop" meant as STOP,
    and "yest" would catch "yess" meant as yes. None when it is near none of them."""
    if word in RESERVED:
        return word, str(RESERVED[word] % {"word": word.upper()})
    for reserved, means in RESERVED.items():
        if replies.edits(word, reserved) <= 1:
            return reserved, str(means % {"word": reserved.upper()})
    return None


class TextWordsForm(StatedLimits, forms.ModelForm):
    class Meta:
        model = TextSettings
        fields = ["struggling_word", "used_word"]
        # The rule before any error: what a word may be.
        help_texts = {
            "struggling_word": _(
                "One word of 3 to 20 letters. Text this word any time and Waypoint does what "
                "its “I'm struggling” button does, and texts you the crisis lines at once."
            ),
            "used_word": _(
                "One word of 3 to 20 letters. Text this word any time and Waypoint saves that "
                "you used, as its “I used” button does, and texts you the crisis lines at once."
            ),
        }
        # A word pasted whole (500 letters) hears the rule, not "at most 20 characters".
        error_messages = {
            "struggling_word": {"max_length": ONE_WORD},
            "used_word": {"max_length": ONE_WORD},
        }

    def _word(self, name: str) -> str:
        typed = unicodedata.normalize("NFC", self.cleaned_data.get(name) or "").strip()
        word = replies.normalize(typed)
        if not word:
            return ""
        if not WORD.fullmatch(word):
            raise forms.ValidationError(ONE_WORD)
        found = clash(word)
        if found is None and not is_taken(word):
            return word
        # Said in the member's own spelling; where a text reads it otherwise ("niño" as
        # "nino"), say so, since that is why it clashes.
        params = {"word": typed, "plain": word}
        message: Any
        if found is None:
            message = _(
                "“%(word)s” already means something in a text (a keyword like STOP or HELP, "
                "or an answer to a check-in question). Choose another word."
            )
        elif found[0] == word:
            message = _(
                "“%(word)s” already means something in a text: %(means)s. Choose another word."
            )
        else:
            message = _(
                "“%(word)s” is too close to %(means)s. A text forgives one typo, so it could "
                "be read as the other. Choose another word."
            )
        if found is not None:
            params["means"] = found[1]
        if has_accents(typed):
            message = format_lazy(
                "{} {}", message, _("A text reads “%(word)s” without accents, as “%(plain)s”.")
            )
        raise forms.ValidationError(message, params=params)

    def clean_struggling_word(self) -> str:
        return self._word("struggling_word")

    def clean_used_word(self) -> str:
        return self._word("used_word")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("struggling_word"), data.get("used_word")
        if first and second and replies.is_word(first, second):
            self.add_error("used_word", _("Choose two different words, so each means one thing."))
        return data
