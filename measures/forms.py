from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from measures.bam import Item


class AnswerForm(forms.Form):
    """One BAM question: its published responses as a radio group."""

    def __init__(self, *args: Any, item: Item, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["answer"] = forms.TypedChoiceField(
            label=item.text,
            choices=[(position, label) for position, label in enumerate(item.responses)],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Please choose the answer that fits best."),
                "invalid_choice": _("Please choose one of the answers shown."),
            },
        )
