from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from checkins.models import HALT_SCALE, MOOD_SCALE, CheckIn, UseKind, UseReport
from core.forms import SaneDateTimeField, StatedLimits

YES_NO = [(True, _("Yes")), (False, _("No"))]
# "Did you use today?": "No" comes first, because a keyboard lands on an unanswered radio
# group's first answer and Space chooses it; a use is reported only by choosing "Yes".
# (The self-harm question starts on "I'd rather not answer", so Tab lands there.)
NO_YES = [(False, _("No")), (True, _("Yes"))]

# Worded after item 9 of the PHQ-9 (Patient Health Questionnaire, Kroenke, Spitzer and
# Williams 2001), asked as yes or no instead of its four-step frequency scale: a validated
# screening item, so a "yes" means what screening means by it (DOMAIN.md "Safety beyond the
# first tap"). Optional: skipping it is an answer too, and changes nothing.
SELF_HARM_QUESTION = _(
    "Over the last two weeks, have you had thoughts that you would be better off dead, "
    "or of hurting yourself?"
)
SKIPPED = ""


def _as_tap_targets(form: forms.BaseForm) -> None:
    """Radios become large buttons (rendered by templates/checkins/_taps.html)."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs["class"] = "btn-check"


def _yes_no(label: Any, choices: list[tuple[bool, Any]] = YES_NO) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Please answer yes or no.")},
    )


class HoursField(forms.DecimalField):
    """Hours typed either way: "7,5" and "7.5" are both seven and a half, in every language.

    A text box, not <input type="number">: a number box parses what is typed by the
    browser's locale, so a Spanish browser on an English page sent "1,5" as 15. Here the one
    comma is read as the decimal point; anything else with a comma ("1,234.5", "7,5,0") is
    refused with a message, never read with the comma dropped.
    """

    def prepare_value(self, value: Any) -> Any:
        # Saved hours are shown the reader's way ("7,5" in Spanish), as they may type them;
        # what someone typed is shown back as typed.
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            return number_format(value, use_l10n=True)
        return value

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
            elif "," in value:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class CheckInForm(StatedLimits, forms.ModelForm):
    craving = forms.TypedChoiceField(
        label=_("Craving right now, from 0 (none) to 10 (the strongest)"),
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    mood = forms.TypedChoiceField(
        label=_("Mood"),
        choices=MOOD_SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    sleep_hours = HoursField(
        label=_("Hours slept last night"),
        min_value=0,
        max_value=24,
        max_digits=3,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Please enter the hours as a number, like 7 or 7.5."),
            "max_decimal_places": _("Please round to the nearest tenth of an hour, like 7.5."),
            "min_value": _("Hours slept can't be below 0."),
            "max_value": _("Hours slept can't be more than 24."),
        },
    )
    support_contact = _yes_no(_("Did you talk with a support person or go to a meeting today?"))
    used_today = _yes_no(_("Did you use today?"), NO_YES)
    self_harm = forms.TypedChoiceField(
        label=SELF_HARM_QUESTION,
        help_text=_("Optional. You can skip it. If you answer yes, you'll see who to reach first."),
        choices=[(True, _("Yes")), (False, _("No")), (SKIPPED, _("I'd rather not answer"))],
        coerce=lambda value: value in (True, "True"),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    noticed = forms.MultipleChoiceField(
        label=_("Which of your warning signs did you notice?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("That warning sign is no longer in your plan. Please choose again.")
        },
    )

    class Meta:
        model = CheckIn
        fields = [
            "hungry",
            "angry",
            "lonely",
            "tired",
            "craving",
            "mood",
            "sleep_hours",
            "medication",
            "support_contact",
            "used_today",
            "self_harm",
            "note",
        ]
        widgets = {
            "hungry": forms.RadioSelect,
            "angry": forms.RadioSelect,
            "lonely": forms.RadioSelect,
            "tired": forms.RadioSelect,
            "medication": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "hungry": _("Hungry"),
            "angry": _("Angry"),
            "lonely": _("Lonely"),
            "tired": _("Tired"),
            "medication": _("Maintenance medication taken today?"),
            "note": _("A private note (optional; only you see it)"),
        }

    def __init__(self, *args: Any, signs: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Signs noticed earlier today stay choosable even if the plan changed since.
        earlier = self.instance.noticed_signs if self.instance.pk else []
        self.signs = {str(sign["id"]): sign for sign in [*earlier, *signs]}
        noticed = self.fields["noticed"]
        assert isinstance(noticed, forms.MultipleChoiceField)
        noticed.choices = [(key, sign["text"]) for key, sign in self.signs.items()]
        if self.instance.pk:
            self.initial["noticed"] = [str(s["id"]) for s in self.instance.noticed_signs]
        for name in ("hungry", "angry", "lonely", "tired", "medication"):
            field: Any = self.fields[name]
            field.choices = [c for c in field.choices if c[0] != ""]  # no blank radio
            field.error_messages["required"] = _("Please tap one.")
        # Blank in the model only for a check-in by text, which does not ask it.
        self.fields["medication"].required = True
        for name in ("craving", "mood"):
            self.fields[name].error_messages["required"] = _("Please tap one.")
        if not self.instance.pk:
            self.initial["used_today"] = None  # an answer, never a default
        _as_tap_targets(self)

    def save(self, commit: bool = True) -> CheckIn:
        self.instance.noticed_signs = [
            {"id": key, "text": self.signs[key]["text"], "stage": self.signs[key].get("stage", "")}
            for key in self.cleaned_data.get("noticed", [])
        ]
        self.instance.mark_changed()
        return super().save(commit=commit)


class UseReportForm(StatedLimits, forms.ModelForm):
    occurred_at = SaneDateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    class Meta:
        model = UseReport
        fields = ["occurred_at", "kind", "substance", "notes"]
        widgets = {"kind": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "notes": _(
                "If you share your check-ins with your counselor, they see this report and its notes."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = UseKind.choices
        kind.required = True  # blank only on the report the first tap made

    def clean_occurred_at(self) -> datetime:
        when = self.cleaned_data["occurred_at"]
        if when > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("That time is still ahead. Choose when it happened."))
        if when < timezone.now() - timedelta(days=365):
            raise forms.ValidationError(_("Choose a time within the last year."))
        return when


def _halt_then(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=HALT_SCALE, coerce=int, required=False, widget=forms.RadioSelect
    )


class ReflectionForm(StatedLimits, forms.ModelForm):
    halt_hungry = _halt_then(_("Hungry then"))
    halt_angry = _halt_then(_("Angry then"))
    halt_lonely = _halt_then(_("Lonely then"))
    halt_tired = _halt_then(_("Tired then"))

    class Meta:
        model = UseReport
        fields = ["before", "trigger", "dropped_routine", "will_change"]
        widgets = {
            "before": forms.Textarea(attrs={"rows": 3}),
            "will_change": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "before": _("What was happening in the hours and days before?"),
            "trigger": _("Was there a trigger? (a person, place, feeling, situation)"),
            "dropped_routine": _("Had a routine slipped? (meetings, sleep, meals, medication)"),
            "will_change": _("What will you do differently next time?"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for part, value in (self.instance.halt_then or {}).items():
            self.initial[f"halt_{part}"] = value
        _as_tap_targets(self)

    def save(self, commit: bool = True) -> UseReport:
        self.instance.halt_then = {
            part: self.cleaned_data[f"halt_{part}"]
            for part in ("hungry", "angry", "lonely", "tired")
            if self.cleaned_data.get(f"halt_{part}") not in (None, "")
        }
        self.instance.reflected_at = timezone.now()
        return super().save(commit=commit)
