"""Form fields shared by every app."""

from __future__ import annotations

from django import forms

from core.validators import validate_plain_name, validate_sane_date


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
