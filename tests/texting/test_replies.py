"""Reading text replies (texting/replies.py): one word or number each, forgiving of case,
spaces and small typos; anything else is no answer, so the member is asked again."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from texting.replies import (
    NUMBER_WORDS,
    Keyword,
    edits,
    is_word,
    keyword,
    parse_craving,
    parse_halt,
    parse_yes_no,
)


@pytest.mark.parametrize(
    ("reply", "craving"),
    [
        ("0", 0),
        ("7", 7),
        (" 10 ", 10),
        ("7/10", 7),
        ("3 out of 10", 3),
        ("Five", 5),
        ("FIVE!", 5),
        ("sevn", 7),
        ("thre", 3),
        ("ten.", 10),
        ("siete", 7),
        ("Cinco", 5),
        ("diez", 10),
    ],
)
def test_a_craving_is_a_number_from_0_to_10_as_digits_or_a_word(reply, craving):
    assert parse_craving(reply) == craving


@pytest.mark.parametrize(
    "reply", ["11", "-1", "100", "", "lots", "7 or 8", "tne", "high", "once", "doce"]
)
def test_anything_else_is_no_craving_answer(reply):
    assert parse_craving(reply) is None


@pytest.mark.parametrize(
    ("reply", "named"),
    [
        ("hungry", {"hungry"}),
        ("Tired, lonely", {"tired", "lonely"}),
        ("lonley and tird", {"lonely", "tired"}),
        ("h t", {"hungry", "tired"}),
        ("H/A", {"hungry", "angry"}),
        ("ht", {"hungry", "tired"}),
        ("HALT", {"hungry", "angry", "lonely", "tired"}),
        ("a bit tired", {"tired"}),
        ("angry", {"angry"}),
        ("none", set()),
        ("No", set()),
        ("0", set()),
        ("nothing", set()),
        ("hambre y cansancio", {"hungry", "tired"}),
        ("Estoy muy sola", {"lonely"}),
        ("enojado", {"angry"}),
        ("e, c", {"angry", "tired"}),
        ("nada", set()),
    ],
)
def test_halt_names_any_of_the_four_by_word_or_initial(reply, named):
    assert parse_halt(reply) == frozenset(named)


@pytest.mark.parametrize("reply", ["blue", "hungry and sad", "", "x", "7"])
def test_a_word_that_is_none_of_the_four_is_no_halt_answer(reply):
    assert parse_halt(reply) is None


@pytest.mark.parametrize(
    ("reply", "used"),
    [
        ("yes", True),
        ("Y", True),
        ("yeah", True),
        ("yse", True),
        ("YES!", True),
        ("no", False),
        ("N", False),
        ("nope", False),
        ("Noo", False),
        ("nah", False),
        ("Sí", True),
        ("si", True),
        ("NO.", False),
    ],
)
def test_use_is_yes_or_no_with_typos_forgiven(reply, used):
    assert parse_yes_no(reply) is used


@pytest.mark.parametrize("reply", ["maybe", "", "ni", "mah", "5"])
def test_anything_else_is_no_use_answer(reply):
    assert parse_yes_no(reply) is None


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("STOP", Keyword.STOP),
        (" stop ", Keyword.STOP),
        ("Unsubscribe", Keyword.STOP),
        ("start", Keyword.START),
        ("HELP", Keyword.HELP),
        # Spanish speakers' words: an opt-out honoured more broadly is the safe side.
        ("PARAR", Keyword.STOP),
        ("alto", Keyword.STOP),
        ("Baja", Keyword.STOP),
        ("cancelar", Keyword.STOP),
        ("FIN", Keyword.STOP),
        ("Ayuda", Keyword.HELP),
        ("ayúda", Keyword.HELP),
        ("stop please", None),
        ("stp", None),  # a keyword is matched exactly, as carriers require
        ("7", None),
    ],
)
def test_keywords_are_the_whole_message_in_any_case(reply, expected):
    assert keyword(reply) == expected


def test_the_members_own_word_is_matched_with_one_typo_forgiven():
    assert is_word("Anchor", "anchor")
    assert is_word("anchr", "anchor")
    assert is_word(" ANCHOR. ", "anchor")
    assert not is_word("anchovies", "anchor")
    assert not is_word("anchor", "")


def test_a_swapped_pair_of_letters_is_one_typo():
    assert edits("yse", "yes") == 1
    assert edits("lonley", "lonely") == 1
    assert edits("tired", "tired") == 0
    assert edits("ab", "xy") == 2


def _respaced(word: str, data: st.DataObject) -> str:
    """The same reply with its letters' case changed and spaces around it."""
    cased = "".join(
        c.upper() if data.draw(st.booleans(), label=f"upper {i}") else c.lower()
        for i, c in enumerate(word)
    )
    before = data.draw(st.text(" \t", max_size=3), label="before")
    after = data.draw(st.text(" \t\n", max_size=3), label="after")
    return before + cased + after


@settings(deadline=None)  # pure and fast; a shared CPU must not fail it
@given(st.integers(0, 10), st.booleans(), st.data())
def test_case_and_spaces_never_change_a_craving(n, as_word, data):
    word = NUMBER_WORDS[n] if as_word else str(n)
    assert parse_craving(_respaced(word, data)) == n


@settings(deadline=None)  # pure and fast; a shared CPU must not fail it
@given(
    st.lists(st.sampled_from(["hungry", "angry", "lonely", "tired"]), min_size=1, unique=True),
    st.sampled_from([" ", ", ", " and ", "/", ","]),
    st.data(),
)
def test_case_spaces_order_and_separators_never_change_halt(states, separator, data):
    said = separator.join(_respaced(state, data) for state in states)
    assert parse_halt(said) == frozenset(states)


@settings(deadline=None)  # pure and fast; a shared CPU must not fail it
@given(st.sampled_from(["yes", "y", "no", "n", "yeah", "nope"]), st.data())
def test_case_and_spaces_never_change_yes_or_no(word, data):
    assert parse_yes_no(_respaced(word, data)) is word.startswith("y")


@settings(deadline=None)  # pure and fast; a shared CPU must not fail it
@given(st.sampled_from(["stop", "start", "help"]), st.data())
def test_case_and_spaces_never_change_a_keyword(word, data):
    assert keyword(_respaced(word, data)) == Keyword(word)


@settings(deadline=None)  # pure and fast; a shared CPU must not fail it
@given(st.text(max_size=40))
def test_no_reply_makes_a_reader_fail(text):
    craving = parse_craving(text)
    assert craving is None or 0 <= craving <= 10
    parse_halt(text)
    parse_yes_no(text)
    keyword(text)
