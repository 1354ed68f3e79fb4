"""core.text.folded: what a search or a text reply is compared by."""

from __future__ import annotations

import pytest

from core.text import folded


@pytest.mark.parametrize(
    ("typed", "compared"),
    [("Lucía", "lucia"), ("LUCÍA", "lucia"), ("Sí", "si"), ("Zoë", "zoe"), ("niño", "nino")],
)
def test_case_and_accents_are_taken_off(typed, compared):
    assert folded(typed) == compared
