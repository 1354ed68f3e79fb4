"""Dates inside a sentence: Spanish writes weekday and month names in lower case there
("hasta el domingo 20 de diciembre"), English keeps its capitals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from core.dates import in_sentence

SUNDAY = date(2026, 12, 20)


@pytest.mark.parametrize(
    ("language", "fmt", "expected"),
    [
        ("en", "l, F j", "Sunday, December 20"),
        ("es", "l j \\d\\e F", "domingo 20 de diciembre"),
        ("en", "M j", "Dec 20"),
        ("es", "M j", "dic 20"),  # Django's Spanish "M" is "Dic"
        ("es", "D j b Y", "dom 20 dic 2026"),
        ("es", "DATE_FORMAT", "20 de diciembre de 2026"),
    ],
)
def test_names_are_in_the_case_a_sentence_needs(language, fmt, expected):
    with translation.override(language):
        assert in_sentence(SUNDAY, fmt) == expected


def test_the_date_filter_alone_capitalises_the_spanish_weekday():
    # Why the helper exists: right at the start of a line, wrong inside a sentence.
    with translation.override("es"):
        assert Template('{{ day|date:"l" }}').render(Context({"day": SUNDAY})) == "Domingo"


def test_the_filter_writes_a_time_in_the_current_zone_and_nothing_for_no_date(settings):
    settings.TIME_ZONE = "America/New_York"
    template = Template('{% load dates %}{{ at|date_in_sentence:"l j \\d\\e F, H:i" }}')
    late = datetime(2026, 12, 21, 2, 30, tzinfo=UTC)  # still Sunday evening in New York
    with translation.override("es"):
        assert template.render(Context({"at": late})) == "domingo 20 de diciembre, 21:30"
        assert template.render(Context({"at": None})) == ""
        assert template.render(Context({"at": "soon"})) == ""  # not a date: nothing, as `date`
