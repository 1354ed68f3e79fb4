"""What a counselor posts about one alert: the step they chose and an optional note."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

# A missing or unknown action changes nothing: resolving must be chosen, never defaulted to.
ACTIONS = [("acknowledge", _("Acknowledge")), ("resolve", _("Resolve"))]


class AlertUpdateForm(forms.Form):
    action = forms.ChoiceField(
        choices=ACTIONS,
        error_messages={
            "required": _("Choose Acknowledge or Resolve. Nothing was changed."),
            "invalid_choice": _("Choose Acknowledge or Resolve. Nothing was changed."),
        },
    )
    # CharField refuses NUL characters (ProhibitNullCharactersValidator) with a message.
    note = forms.CharField(
        required=False,
        max_length=1000,
        error_messages={"max_length": _("Please keep the note under 1000 characters.")},
    )

    def problems(self) -> list[str]:
        return [str(message) for errors in self.errors.values() for message in errors]
