"""The BAM's answer form (measures/forms.py, /check-up/question/) under any input: never a
500; an answer is saved and the next question shown, or it is refused with a message and
nothing changes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from measures.models import BamAttempt
from tests.fuzz import FORM_SETTINGS, MARKUP, choices_or_junk, markup_escaped, rolled_back, submit

pytestmark = pytest.mark.django_db

ANSWER_FIELDS = {
    "item": choices_or_junk(["1", "2", "7a", "17", "99", "", *MARKUP]),
    "answer": choices_or_junk(["0", "1", "4", "5", "-1", "1.0", *MARKUP]),
}


def _stored(member):
    attempt = BamAttempt.objects.get(member=member)
    return attempt.current, attempt.answers


@FORM_SETTINGS
@given(data=st.fixed_dictionaries(ANSWER_FIELDS))
def test_any_answer_is_saved_or_refused_with_a_message(signed_in, member, data):
    with rolled_back():
        signed_in.post("/check-up/")
        accepted, response = submit(signed_in, "/check-up/question/", data, lambda: _stored(member))
        if accepted:
            assert data["item"] == "1" and data["answer"] in {"0", "1", "4"}
        else:
            assert _stored(member) == ("1", {})
        if response.status_code == 200:
            assert markup_escaped(list(data.values()), response.content.decode()) == []
