from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.sections import CARE_LEVELS
from stepping_up.levels import REQUEST_LEVELS
from stepping_up.models import NOTE_LENGTH, RECOMMENDATION_NOTE_LENGTH, Outcome

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # a lazy translation, as labels take


def _note(length: int, label: _StrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=length,
        strip=True,
        error_messages={
            "max_length": _("Please keep the note under %(limit_value)s characters."),
        },
    )


class MoreSupportForm(forms.Form):
    level = forms.ChoiceField(
        label=_("What kind of support do you have in mind?"),
        choices=REQUEST_LEVELS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the support you have in mind, or “I'm not sure, let's talk”."),
            "invalid_choice": _(
                "Choose the support you have in mind, or “I'm not sure, let's talk”."
            ),
        },
    )
    note = _note(NOTE_LENGTH, _("Anything you'd like them to know? (optional)"))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose an outcome."),
            "invalid_choice": _("Choose one of the outcomes listed."),
        },
    )


class RecommendationForm(OutcomeForm):
    level = forms.ChoiceField(
        label=_("Recommended level of care"),
        choices=CARE_LEVELS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the level of care you recommend."),
            "invalid_choice": _("Choose one of the levels of care listed."),
        },
    )
    note = _note(RECOMMENDATION_NOTE_LENGTH, _("A note with your recommendation (optional)"))

    field_order = ["level", "note", "outcome"]
