"""Crisis lines from the deployment: a line that could not be dialled is refused at start."""

from __future__ import annotations

import pytest
from django.conf import settings

from core import crisis_lines

GOOD = {"label": "Samaritans", "number": "116 123"}
TEXTED = {**GOOD, "text": True}
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize(
    ("lines", "found"),
    [
        ([GOOD], []),
        ([{**GOOD, "short": "Sams", "call": True, "text": True}], []),
        ([], ["it must be a list with at least one line"]),
        ({"label": "x"}, ["it must be a list with at least one line"]),
        (["116 123"], ["line 1 must be an object with a label and a number"]),
        ([{"number": "116 123"}], ['line 1 needs "label" as text']),
        ([GOOD, {"label": "Text line"}], ['line 2 needs "number" as text']),
        ([{**GOOD, "number": "call us"}], ['line 1: "number" has no digits to dial']),
        ([{**GOOD, "call": "yes"}], ['line 1: "call" must be true or false']),
        ([{**GOOD, "short": 5}], ['line 1: "short" must be text']),
        ([{**GOOD, "call": False}], ["line 1 can be neither called nor texted"]),
        (
            [{**GOOD, "txt": True}],
            [
                "line 1 has unknown keys txt "
                "(known: label, short, note, number, call, text, text_body)"
            ],
        ),
        ([{**TEXTED, "text_body": {"es": "AYUDA", "en": "HELLO"}}], []),
        (
            [{**TEXTED, "text_body": "AYUDA"}],
            ['line 1: "text_body" must be an object of language and text, like {"es": "AYUDA"}'],
        ),
        (
            [{**TEXTED, "text_body": {}}],
            ['line 1: "text_body" must be an object of language and text, like {"es": "AYUDA"}'],
        ),
        (
            [{**TEXTED, "text_body": {"sp": "AYUDA"}}],
            [
                "line 1: \"text_body\" has a language 'sp' this site does not offer (offered: en, es)"
            ],
        ),
        (
            [{**TEXTED, "text_body": {"es": " "}}, {**TEXTED, "text_body": {"es": 988}}],
            [
                "line 1: \"text_body\" for 'es' must be text",
                "line 2: \"text_body\" for 'es' must be text",
            ],
        ),
        (
            [{**GOOD, "text_body": {"es": "AYUDA"}}],
            ['line 1 has a "text_body" but is not texted ("text": true)'],
        ),
    ],
)
def test_each_problem_is_named_with_its_line(lines, found):
    assert crisis_lines.problems(lines, LANGUAGES) == found


def test_a_line_is_called_by_default_and_dialled_by_its_digits():
    [line] = crisis_lines.normalized([{"label": "SAMHSA", "number": "1-800-662-4357"}])
    assert (line["call"], line["text"], line["dial"]) == (True, False, "18006624357")


def test_a_lines_text_starts_with_its_words_in_the_readers_language_or_none():
    [line] = crisis_lines.normalized([{**TEXTED, "text_body": {"es": "AYUDA"}}])
    assert [crisis_lines.text_body(line, code) for code in ("es", "es-mx", "en", None)] == [
        "AYUDA",
        "AYUDA",
        "",
        "",
    ]
    [plain] = crisis_lines.normalized([TEXTED])
    assert crisis_lines.text_body(plain, "es") == ""
