"""The member's two words: one word each, that no reply or keyword could be mistaken for."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StatedLimits
from texting import replies
from texting.models import TextSettings

WORD = re.compile(r"[^\W\d_]{3,20}")


def is_taken(word: str) -> bool:
    """A keyword, or a reply to a check-in question: it would mean that instead."""
    return (
        replies.keyword(word) is not None
        or replies.parse_craving(word) is not None
        or replies.parse_halt(word) is not None
        or replies.parse_yes_no(word) is not None
    )


class TextWordsForm(StatedLimits, forms.ModelForm):
    class Meta:
        model = TextSettings
        fields = ["struggling_word", "used_word"]
        help_texts = {
            "struggling_word": _(
                "Text this word any time and Waypoint does what its “I'm struggling” button "
                "does, and texts you the crisis lines at once."
            ),
            "used_word": _(
                "Text this word any time and Waypoint saves that you used, as its “I used” "
                "button does, and texts you the crisis lines at once."
            ),
        }

    def _word(self, name: str) -> str:
        word = replies.normalize(self.cleaned_data.get(name) or "")
        if not word:
            return ""
        if not WORD.fullmatch(word):
            raise forms.ValidationError(_("Use one word of 3 to 20 letters, no spaces or numbers."))
        if is_taken(word):
            raise forms.ValidationError(
                _(
                    "“%(word)s” already means something in a text (a keyword like STOP or HELP, "
                    "or an answer to a check-in question). Choose another word."
                ),
                params={"word": word},
            )
        return word

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
