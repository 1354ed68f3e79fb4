"""Limits said before they bite: every length-limited text field says its limit, and the
one "too long" message says how long the text is; one message per field."""

from __future__ import annotations

import pytest
from django import forms

from checkins.forms import UseReportForm
from contacts.forms import SupportContactForm
from core.forms import StatedLimits, too_long_message


class NoteForm(StatedLimits, forms.Form):
    note = forms.CharField(max_length=1000, help_text="Only you see it.")
    phone = forms.CharField(max_length=20, required=False)

    def clean(self) -> dict:
        self.add_error("note", "A second opinion on the same field")
        return self.cleaned_data


def test_the_message_says_the_limit_and_the_length_in_plain_numbers():
    assert too_long_message(1000, 1342) == "Keep this to 1,000 characters or fewer. It has 1,342."


def test_the_help_text_states_the_limit_and_the_input_gets_a_counter():
    form = NoteForm()
    assert str(form["note"].help_text) == "Only you see it. Up to 1,000 characters."
    html = str(form["note"])
    assert 'maxlength="1000"' in html and 'data-counter="Characters left: {left}"' in html
    # A phone number's 20 is no limit anyone types into by accident: no counter there.
    assert "data-counter" not in str(form["phone"]) and not form["phone"].help_text


def test_a_field_too_long_gets_that_message_alone():
    form = NoteForm({"note": "x" * 1342})
    assert form.errors["note"] == ["Keep this to 1,000 characters or fewer. It has 1,342."]


@pytest.mark.parametrize(
    ("form_class", "field", "limit"),
    [(UseReportForm, "notes", "1,000"), (SupportContactForm, "approved_message", "160")],
)
def test_member_forms_say_their_limits(form_class, field, limit):
    assert f"Up to {limit} characters." in str(form_class()[field].help_text)


def test_an_empty_required_field_says_what_to_do():
    form = NoteForm({"note": ""})
    assert form.errors["note"] == ["Please fill this in."]
