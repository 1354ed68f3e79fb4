"""Form fields and form behaviour shared by every app.

Fields that apply core.validators (sane dates, plain names), and limits said before they
bite, with one plain message per field.

`StatedLimits` is mixed into each form with free text. For a text field with a length
limit it puts the limit in the help text, marks the input for the live counter
(static/js/forms.js), and words the "too long" error once, here. After cleaning it keeps
one message per field, the first found, so no field shows two at once.
"""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Hidden
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.submissions import FIELD, new_key
from core.validators import validate_plain_name, validate_sane_date


class DatePicker(forms.DateInput):
    """The browser's date picker. Its value is always written as ISO ("2026-04-11"), the one
    form the browser reads, whatever the page's language: a Spanish "11/04/2026" shows as
    an empty box, and saving the form would then erase the day. (Typed or picked days come
    back as ISO too, which every language's input formats accept.)"""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class SaneDateField(forms.DateField):
    """A date typed by a person: within core.validators' bounds (1900 to 2100)."""

    default_validators = [validate_sane_date]


class SaneDateTimeField(forms.DateTimeField):
    default_validators = [validate_sane_date]


class SaneSplitDateTimeField(forms.SplitDateTimeField):
    """The admin's date-and-time pair, within the same bounds."""

    default_validators = [validate_sane_date]


class NameField(forms.CharField):
    """A name shown to others: refuses hidden direction and zero-width characters."""

    default_validators = [validate_plain_name]


# Shorter limits (a phone number, a code) are not ones anybody types into by accident.
SHORTEST_STATED = 40


def count(number: int) -> str:
    return number_format(number, force_grouping=True)


def too_long_message(limit: int, length: int) -> str:
    return _("Keep this to %(limit)s characters or fewer. It has %(length)s.") % {
        "limit": count(limit),
        "length": count(length),
    }


def limit_help(limit: int) -> Any:
    return format_lazy(gettext_lazy("Up to {limit} characters."), limit=count(limit))


class LengthLimit(MaxLengthValidator):
    """The one "too long" rule and message: says the limit and how long the text is."""

    def __call__(self, value: Any) -> None:
        length = len(value)
        if length > self.limit_value:
            raise ValidationError(too_long_message(self.limit_value, length), code="max_length")


def state_limit(field: forms.Field) -> None:
    limit = getattr(field, "max_length", None)
    if (
        not isinstance(field, forms.CharField)
        or isinstance(field, forms.EmailField | forms.URLField)
        or field.widget.is_hidden
        or not limit
        or limit < SHORTEST_STATED
    ):
        return
    field.validators = [
        *(v for v in field.validators if not isinstance(v, MaxLengthValidator)),
        LengthLimit(limit),
    ]
    field.error_messages.pop("max_length", None)  # the validator's words, not a form's own
    said = limit_help(limit)
    field.help_text = format_lazy("{} {}", field.help_text, said) if field.help_text else said
    field.widget.attrs.update(
        {
            "data-counter": gettext_lazy("Characters left: {left}"),
            "data-counter-cut": gettext_lazy(
                "Only the first {limit} characters fit here. The rest of what you pasted "
                "was left out."
            ),
        }
    )


CHOOSING = (forms.RadioSelect, forms.Select, forms.CheckboxSelectMultiple)


def plain_required(field: forms.Field) -> None:
    """Django's "This field is required." in words that say what to do."""
    if str(field.error_messages.get("required")) != str(
        forms.Field.default_error_messages["required"]
    ):
        return  # the form's own words
    choose = isinstance(field.widget, CHOOSING)
    field.error_messages["required"] = (
        gettext_lazy("Please choose one.") if choose else gettext_lazy("Please fill this in.")
    )


class StatedLimits:
    """Mix in before forms.Form / forms.ModelForm."""

    fields: dict[str, forms.Field]
    _errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            state_limit(field)
            plain_required(field)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for errors in (self._errors or {}).values():
            del errors[1:]


def with_key(helper: FormHelper) -> FormHelper:
    """Give a crispy form (one that writes its own <form> tag) this render's one-time key."""
    helper.add_input(Hidden(FIELD, new_key()))
    return helper
