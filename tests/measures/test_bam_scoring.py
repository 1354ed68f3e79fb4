"""The BAM's scoring (measures/bam.py) against answer sets scored by hand."""

from __future__ import annotations

import pytest

from measures import bam
from tests.measures.helpers import (
    AT_CUTOFFS,
    AT_CUTOFFS_SCORES,
    DRUGS,
    DRUGS_SCORES,
    HARD,
    HARD_SCORES,
    STEADY,
    STEADY_SCORES,
)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (STEADY, STEADY_SCORES),
        (HARD, HARD_SCORES),
        (DRUGS, DRUGS_SCORES),
        (AT_CUTOFFS, AT_CUTOFFS_SCORES),
    ],
    ids=["steady", "hard", "drugs", "at_cutoffs"],
)
def test_scores_match_the_hand_scored_examples(answers, expected):
    assert bam.score(answers) == expected


def test_the_cut_offs_are_the_scoring_guides():
    at = AT_CUTOFFS_SCORES
    assert [at.of_concern(s) for s in (bam.USE, bam.RISK, bam.PROTECTIVE)] == [True, True, True]
    steady = STEADY_SCORES
    assert [steady.of_concern(s) for s in (bam.USE, bam.RISK, bam.PROTECTIVE)] == [
        False,
        False,
        False,
    ]
    # One step inside each line is no longer of concern.
    assert not bam.SUBSCALES[bam.RISK].of_concern(11)
    assert not bam.SUBSCALES[bam.PROTECTIVE].of_concern(13)
    assert not bam.SUBSCALES[bam.USE].of_concern(0)


def test_item_5_is_asked_only_after_some_drinking_and_7a_to_7g_only_after_drug_use():
    assert "5" not in bam.asked(STEADY) and "7a" not in bam.asked(STEADY)
    assert "5" in bam.asked(HARD) and "7a" not in bam.asked(HARD)
    drugs = bam.asked(DRUGS)
    assert "5" not in drugs
    assert drugs[drugs.index("6") + 1 : drugs.index("8")] == [f"7{c}" for c in "abcdefg"]
    assert len(bam.asked(STEADY)) == 15 and len(bam.asked(DRUGS)) == 22


def test_an_answer_to_a_question_that_no_longer_applies_scores_nothing():
    # Back to item 4, then "0 days": the earlier heavy-drinking answer is dropped.
    answers = {**STEADY, "5": 4, "7a": 4}
    assert bam.score(answers) == STEADY_SCORES
    assert bam.kept(answers) == STEADY


def test_an_incomplete_set_is_refused_naming_what_is_missing():
    with pytest.raises(bam.Incomplete, match="17"):
        bam.score({k: v for k, v in STEADY.items() if k != "17"})
    with pytest.raises(bam.Incomplete, match="7a"):
        bam.score({k: v for k, v in DRUGS.items() if k != "7a"})
    with pytest.raises(bam.Incomplete, match="14"):
        bam.score({**STEADY, "14": 4})  # item 14 has two responses: No and Yes


def test_every_item_has_a_published_text_and_scores_0_to_4():
    assert len([i for i in bam.ITEMS if i.number != 7]) == 16
    assert {i.number for i in bam.ITEMS} == set(range(1, 18))
    for item in bam.ITEMS:
        assert str(item.text)
        assert min(item.scores) == 0 and max(item.scores) == 4
        assert len(item.scores) == len(item.responses)
    assert bam.BY_KEY["14"].scores == (0, 4)
    assert (str(bam.BY_KEY["1"].responses[0]), str(bam.BY_KEY["1"].responses[-1])) == (
        "Excellent",
        "Poor",
    )


def test_moving_forward_and_back_follows_the_skips():
    assert bam.following("4", {"4": 0}) == "6"
    assert bam.following("4", {"4": 1}) == "5"
    assert bam.following("6", {"6": 1}) == "7a"
    assert bam.preceding("8", {"4": 0, "6": 0}) == "6"
    assert bam.preceding("8", {"4": 0, "6": 3}) == "7g"
    assert bam.preceding("1", {}) is None
    assert bam.following("17", STEADY) is None
