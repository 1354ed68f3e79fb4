"""The shared bounds: sane dates everywhere, names without hidden characters."""

from __future__ import annotations

import inspect
from datetime import date, datetime

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

import accounts.forms
import alerts.forms
import alumni.forms
import checkins.forms
import contacts.forms
import plans.forms
import reminders.forms
from core.validators import validate_plain_name, validate_sane_date
from plans.forms import _form_field
from plans.sections import SECTIONS
from tests.factories import UserFactory


@pytest.mark.parametrize("value", [date(1, 1, 1), date(9999, 12, 31), date(1899, 12, 31)])
def test_typing_slips_in_the_year_are_refused(value):
    with pytest.raises(ValidationError) as refused:
        validate_sane_date(value)
    assert "Please check the year: choose a date between 1900 and 2100." in refused.value.messages
    with pytest.raises(ValidationError):
        validate_sane_date(datetime.combine(value, datetime.min.time()))


@pytest.mark.parametrize("value", [date(1900, 1, 1), date(2026, 12, 2), date(2100, 12, 31), None])
def test_real_dates_pass(value):
    validate_sane_date(value)


@pytest.mark.parametrize(
    "name",
    [
        "Ro\u202ebin",  # right-to-left override
        "Ro\u202dbin",  # left-to-right override
        "\u2067Robin\u2069",  # isolates
        "Ro\u200bbin",  # zero-width space
        "Ro\u200dbin",  # zero-width joiner
        "Robin\u2060",  # word joiner
        "\ufeffRobin",  # zero-width no-break space
        "Ro\u00adbin",  # soft hyphen
        "Ro\x00bin",
        "Ro\x1bbin",
    ],
)
def test_names_with_hidden_characters_are_refused(name):
    with pytest.raises(ValidationError) as refused:
        validate_plain_name(name)
    assert refused.value.code == "hidden_characters"


@pytest.mark.parametrize("name", ["Robin", "José Ñúñez", "أحمد", "李小龍", "Zoë O'Neil-Smith"])
def test_names_in_any_script_pass(name):
    validate_plain_name(name)


FORM_MODULES = [accounts.forms, alerts.forms, alumni.forms, checkins.forms, contacts.forms]
FORM_MODULES += [plans.forms, reminders.forms]


def _date_fields_without_the_bound():
    for module in FORM_MODULES:
        for name, form_class in inspect.getmembers(module, inspect.isclass):
            if (
                not issubclass(form_class, forms.BaseForm)
                or form_class.__module__ != module.__name__
            ):
                continue
            for field_name, field in form_class.base_fields.items():
                dated = isinstance(field, forms.DateField | forms.DateTimeField)
                if dated and validate_sane_date not in field.validators:
                    yield f"{module.__name__}.{name}.{field_name}"


def test_every_date_field_of_every_form_uses_the_one_bound():
    assert list(_date_fields_without_the_bound()) == []


def test_every_plan_date_field_uses_the_one_bound():
    dates = [
        _form_field(spec, in_list=True)
        for section in SECTIONS
        for spec in section.fields
        if spec.kind == "date"
    ]
    assert dates
    assert all(validate_sane_date in field.validators for field in dates)


def test_every_date_the_admin_edits_uses_the_one_bound(rf, db):
    request = rf.get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True, program=None)
    unbounded = []
    for model, model_admin in admin.site._registry.items():
        if not (
            model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
        ):
            continue  # read-only: nothing is typed there
        form = model_admin.get_form(request)
        for name, field in form.base_fields.items():
            dated = isinstance(
                field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField
            )
            if dated and validate_sane_date not in field.validators:
                unbounded.append(f"{model._meta.label}.{name}")
    assert unbounded == []
