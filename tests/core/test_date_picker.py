"""core.forms.DatePicker: the browser's date picker is given ISO days in every language, and
every form's date input is one (a Spanish '11/04/2026' showed as an empty box, and saving
the member's account erased their recovery day)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

from core.forms import DatePicker


class _Form(forms.Form):
    day = forms.DateField(widget=DatePicker(attrs={"max": "2026-12-31"}))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_picker_shows_and_reads_an_iso_day_in_every_language(language):
    with translation.override(language):
        html = str(_Form(initial={"day": date(2026, 4, 11)})["day"])
        bound = _Form({"day": "2026-04-11"})
        assert bound.is_valid()
    assert 'type="date"' in html and 'value="2026-04-11"' in html and 'max="2026-12-31"' in html
    assert bound.cleaned_data["day"] == date(2026, 4, 11)


def test_no_form_builds_a_date_input_of_its_own():
    ours = [
        Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and "site-packages" not in Path(config.path).parts
    ]
    assert len(ours) > 10  # every app of Waypoint's own, not Django's or a library's
    own = [
        f"{path.relative_to(settings.BASE_DIR)}:{n}"
        for app in ours
        for path in app.rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"DateInput\(|[\"']type[\"']: [\"']date[\"']", line)
    ]
    assert own == []
