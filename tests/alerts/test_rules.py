"""The warning-stage rules as a table: a history in, the signals a person would expect out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alerts.rules import DayFacts, History, signals

TODAY = date(2026, 5, 20)


def day(ago: int, **facts) -> DayFacts:
    calm = {
        "hungry": 0,
        "angry": 0,
        "lonely": 0,
        "tired": 0,
        "craving": 1,
        "sleep_hours": 7.5,
        "medication": "yes",
        "support_contact": True,
        "mood": 4,
    }
    return DayFacts(day=TODAY - timedelta(days=ago), **{**calm, **facts})


def steady(days: int = 7, start: int = 0) -> list[DayFacts]:
    return [day(ago) for ago in range(start, start + days)]


def codes(history: History) -> set[str]:
    return {s.code for s in signals(history)}


STRAINED = {"hungry": 2, "lonely": 3}

CASES = [
    ("a steady week says nothing", History(TODAY, steady()), set()),
    (
        "HALT strain on 3 of the last 5",
        History(
            TODAY, [day(0, **STRAINED), day(1), day(2, **STRAINED), day(3, **STRAINED), day(4)]
        ),
        {"halt_strain"},
    ),
    (
        "HALT strain on only 2 of 5 is not enough",
        History(TODAY, [day(0, **STRAINED), day(1), day(2, **STRAINED), day(3), day(4)]),
        set(),
    ),
    (
        "one high answer per day is not strain",
        History(TODAY, [day(a, hungry=3) for a in range(5)]),
        set(),
    ),
    ("3 silent days after a regular run", History(TODAY, steady(7, start=3)), {"isolation"}),
    ("2 silent days are not isolation yet", History(TODAY, steady(7, start=2)), set()),
    ("silence after a sparse run says little", History(TODAY, [day(4), day(8)]), set()),
    (
        "no support in 7 days",
        History(TODAY, [day(a, support_contact=False) for a in range(4)]),
        {"no_support"},
    ),
    (
        "a meeting attended counts as support",
        History(
            TODAY,
            [day(a, support_contact=False) for a in range(4)],
            attended_days=[TODAY - timedelta(days=2)],
        ),
        set(),
    ),
    (
        "medication missed 2 days in a row",
        History(TODAY, [day(0, medication="no"), day(1, medication="no"), day(2)]),
        {"medication_missed"},
    ),
    (
        "missed days with a gap between are not a row",
        History(TODAY, [day(0, medication="no"), day(2, medication="no")]),
        set(),
    ),
    (
        "not prescribed is never missed",
        History(TODAY, [day(0, medication="none"), day(1, medication="none")]),
        set(),
    ),
    (
        "short sleep on 3 of 5",
        History(
            TODAY,
            [day(0, sleep_hours=4), day(1, sleep_hours=4.5), day(2), day(3, sleep_hours=3), day(4)],
        ),
        {"short_sleep"},
    ),
    (
        "exactly 5 hours is not short",
        History(TODAY, [day(a, sleep_hours=5) for a in range(5)]),
        set(),
    ),
    (
        "an emotional sign noticed today",
        History(TODAY, [day(0, noticed_stages=frozenset({"emotional"}))]),
        {"emotional_sign"},
    ),
    (
        "a sign noticed a week ago is old news",
        History(TODAY, [day(7, noticed_stages=frozenset({"emotional"}))]),
        set(),
    ),
    (
        "craving 7+ on 2 of the last 3",
        History(TODAY, [day(0, craving=7), day(1, craving=2), day(2, craving=9)]),
        {"craving_high"},
    ),
    (
        "craving 7+ once is not enough",
        History(TODAY, [day(0, craving=8), day(1, craving=2), day(2, craving=3)]),
        set(),
    ),
    (
        "craving rising 3 check-ins by 4",
        History(TODAY, [day(0, craving=6), day(1, craving=4), day(2, craving=2)]),
        {"craving_rising"},
    ),
    (
        "rising by only 3 in all is not enough",
        History(TODAY, [day(0, craving=5), day(1, craving=4), day(2, craving=2)]),
        set(),
    ),
    (
        "a dip breaks the rise",
        History(TODAY, [day(0, craving=6), day(1, craving=1), day(2, craving=2)]),
        set(),
    ),
    (
        "a mental sign noticed yesterday",
        History(TODAY, [day(1, noticed_stages=frozenset({"mental"}))]),
        {"mental_sign"},
    ),
    ("a report of use", History(TODAY, steady(), use_days=[TODAY - timedelta(days=1)]), {"use"}),
    ("use said in a check-in", History(TODAY, [day(0, used=True)]), {"use"}),
    (
        "use long before the look-back window",
        History(TODAY, steady(), use_days=[TODAY - timedelta(days=40)]),
        set(),
    ),
    ("said struggling today", History(TODAY, steady(), struggling_days=[TODAY]), {"struggling"}),
    (
        "said struggling yesterday",
        History(TODAY, steady(), struggling_days=[TODAY - timedelta(days=1)]),
        {"struggling"},
    ),
    (
        "said struggling two days ago has been heard",
        History(TODAY, steady(), struggling_days=[TODAY - timedelta(days=2)]),
        set(),
    ),
    (
        "mood low or very low on 3 of the last 5",
        History(TODAY, [day(0, mood=1), day(1), day(2, mood=2), day(3, mood=2), day(4)]),
        {"low_mood"},
    ),
    (
        "low mood on only 2 of 5 is not enough",
        History(TODAY, [day(0, mood=1), day(1), day(2, mood=2), day(3), day(4)]),
        set(),
    ),
    (
        "an okay mood (3) is not low",
        History(TODAY, [day(a, mood=3) for a in range(5)]),
        set(),
    ),
    ("thoughts of self-harm said today", History(TODAY, [day(0, self_harm=True)]), {"self_harm"}),
    (
        "thoughts of self-harm said yesterday",
        History(TODAY, [day(1, self_harm=True), day(0)]),
        {"self_harm"},
    ),
    (
        "a self-harm answer two days ago has left the window",
        History(TODAY, [day(2, self_harm=True), day(1), day(0)]),
        set(),
    ),
]


@pytest.mark.parametrize(("name", "history", "expected"), CASES, ids=[c[0] for c in CASES])
def test_the_rules(name, history, expected):
    assert codes(history) == expected


def test_signals_come_highest_stage_first_with_plain_explanations():
    history = History(
        TODAY,
        [day(0, craving=8, **STRAINED), day(1, craving=9, **STRAINED), day(2, **STRAINED)],
        use_days=[TODAY],
    )
    found = signals(history)
    assert [s.stage for s in found] == ["physical", "mental", "emotional"]
    assert found[1].explanation == "Craving 7 or more on 2 of the last 3 check-ins."
    assert found[2].explanation.startswith("Two or more of hungry, angry, lonely or tired")


def test_thresholds_can_be_changed():
    history = History(TODAY, [day(0, craving=6), day(1, craving=6), day(2)])
    assert codes(history) == set()
    assert {s.code for s in signals(history, {"craving_high": 6})} == {"craving_high"}


def test_self_harm_rides_in_the_most_urgent_lane_ahead_of_use():
    history = History(TODAY, [day(0, self_harm=True)], use_days=[TODAY])
    found = signals(history)
    assert [(s.stage, s.code) for s in found] == [("physical", "self_harm"), ("physical", "use")]
    assert found[0].explanation == (
        "Said in a check-in that thoughts of self-harm have come up (May 20)."
    )


def test_missed_medication_is_a_mental_stage_signal_after_the_set_number_of_days():
    two = History(TODAY, [day(0, medication="no"), day(1, medication="no"), day(2)])
    [found] = signals(two)
    assert (found.stage, found.code) == ("mental", "medication_missed")
    assert found.explanation == "Maintenance medication missed 2 days in a row."
    assert signals(two, {"medication_days": 3}) == []
    three = History(TODAY, [day(a, medication="no") for a in range(3)])
    assert [s.code for s in signals(three, {"medication_days": 3})] == ["medication_missed"]


def test_low_mood_thresholds_can_be_changed():
    history = History(TODAY, [day(0, mood=3), day(1, mood=3), day(2, mood=3), day(3), day(4)])
    assert codes(history) == set()
    [found] = signals(history, {"low_mood": 3})
    assert (found.stage, found.code) == ("emotional", "low_mood")
    assert found.explanation == "Mood low or very low on 3 of the last 5 check-ins."
    assert signals(history, {"low_mood": 3, "low_mood_days": 4}) == []


def test_saying_struggling_today_always_counts_whatever_the_settings():
    history = History(TODAY, steady(), struggling_days=[TODAY])
    assert {s.code for s in signals(history, {"struggling_days": 0})} == {"struggling"}


TEXTED = {"mood": None, "sleep_hours": None, "medication": None, "support_contact": None}


def test_a_check_in_by_text_asks_nothing_of_mood_sleep_medication_or_support():
    texted = History(TODAY, [day(a, **TEXTED) for a in range(7)])
    assert codes(texted) == set()  # not asked is neither low, short, missed nor alone


def test_rules_on_what_text_does_not_ask_read_the_check_ins_that_asked_it():
    low, short = {"mood": 1}, {"sleep_hours": 4}
    history = History(
        TODAY,
        [
            day(0, **low, **short),
            day(1, **TEXTED),
            day(2, **low, **short),
            day(3, **TEXTED),
            day(4, **low, **short),
            day(5, **TEXTED),
        ],
    )
    assert {"low_mood", "short_sleep"} <= codes(history)
    [found] = [s for s in signals(history) if s.code == "low_mood"]
    assert found.explanation == "Mood low or very low on 3 of the last 3 check-ins."


def test_a_day_by_text_breaks_a_run_of_missed_medication():
    history = History(TODAY, [day(0, medication="no"), day(1, **TEXTED), day(2, medication="no")])
    assert "medication_missed" not in codes(history)


def test_no_support_counts_only_the_check_ins_that_asked():
    alone = {"support_contact": False}
    history = History(TODAY, [day(a, **(alone if a % 2 else TEXTED)) for a in range(7)])
    assert "no_support" in codes(history)
    asked_twice = History(
        TODAY, [day(0, **alone), day(1, **alone)] + [day(a, **TEXTED) for a in range(2, 7)]
    )
    assert "no_support" not in codes(asked_twice)
