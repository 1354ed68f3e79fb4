"""The Brief Addiction Monitor (BAM): the instrument as data, and its scoring as pure functions.

Source of every item, response set, subscale and cut-off:
- The BAM form and its "Scoring and Clinical Guidelines" (US Department of Veterans Affairs,
  VISN 4 Mental Illness Research, Education and Clinical Center (MIRECC), Philadelphia;
  public domain): the 17 items about the past 30 days, their response sets (day counts in
  the bands 0, 1-3, 4-8, 9-15, 16-30; Excellent-Poor; Not at all-Extremely; No/Yes), each
  scored 0-4, and the three subscales with their cut-offs (below, at SUBSCALES).
- Cacciola JS, Alterman AI, DePhilippis D, et al. Development and Initial Evaluation of the
  Brief Addiction Monitor (BAM). J Subst Abuse Treat 2013;44(3):256-263,
  doi:10.1016/j.jsat.2012.07.013, https://pmc.ncbi.nlm.nih.gov/articles/PMC3602977 (the
  items, their domains and the past-30-days frame).
- The same subscale sums and cut-offs as the VA guidelines state them are summarised in
  Blueprint's BAM page (https://ebchelp.blueprint.ai/en/articles/3945380-brief-addiction-monitor-bam:
  Use 0-12, 1+ significant; Risk 0-24, 12+; Protective 0-24, 12 or below; item 17 overall).

The item texts are the published words (a validated instrument: never reworded here). The
words around them (the intro, what a result means) are Waypoint's, in templates/measures/.
An answer is stored as the position of the chosen response (0 = the first listed); its
score is `Item.scores[position]`, which is the position itself except for item 14 (No 0,
Yes 4). Every item's responses are listed in the direction that makes a higher score more
of its subscale's construct: more use, more risk, or more protection.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# Stored with every result: a later edition of the instrument scores its own results.
VERSION = "BAM-2013"

# The form's own instructions (VA BAM form, top of page 1).
INSTRUCTIONS = _(
    "This is a standard set of questions about several areas of your life such as your "
    "health, alcohol and drug use, etc. The questions generally ask about the past 30 days. "
    "Please consider each question and answer as accurately as possible."
)

# Day counts, in the VA form's bands; each band scores its position (0 days = 0 ...
# 16-30 days = 4).
DAYS = (_("0 days"), _("1-3 days"), _("4-8 days"), _("9-15 days"), _("16-30 days"))
NIGHTS = (_("0 nights"), _("1-3 nights"), _("4-8 nights"), _("9-15 nights"), _("16-30 nights"))
# Item 1: Excellent scores 0 ... Poor 4 (worse health, more risk).
HEALTH = (_("Excellent"), _("Very Good"), _("Good"), _("Fair"), _("Poor"))
# Items 8, 9, 12, 15, 17: Not at all 0 ... Extremely 4.
EXTENT = (_("Not at all"), _("Slightly"), _("Moderately"), _("Considerably"), _("Extremely"))
# Item 14: the manual scores No 0 and Yes 4.
NO_YES = (_("No"), _("Yes"))
LINEAR = (0, 1, 2, 3, 4)

USE, RISK, PROTECTIVE = "use", "risk", "protective"

# Items 7A-7G share item 7's stem (the form prints it once above the seven drugs).
DRUG_STEM = _("In the past 30 days, how many days did you use any of the following drugs:")


@dataclass(frozen=True)
class Item:
    key: str  # "1" ... "17", "7a" ... "7g"
    number: int  # the numbered question it belongs to (7 for 7A-7G)
    text: Any  # the published question (lazy translation)
    responses: tuple[Any, ...]
    scores: tuple[int, ...] = LINEAR
    subscale: str = ""  # USE, RISK, PROTECTIVE, or "" (7A-7G, 17)
    hint: Any = ""  # the form's own bracketed note, if any
    # Asked only when this other item's score is above 0 (5 after 4; 7A-7G after 6).
    asked_if: str = ""

    @property
    def label(self) -> str:
        """The number the form prints: "5", or "7B"."""
        return self.key.upper()

    def score(self, answer: int) -> int:
        return self.scores[answer]


def _drug(letter: str, text: Any) -> Item:
    return Item(f"7{letter}", 7, text, DAYS, asked_if="6")


ITEMS: tuple[Item, ...] = (
    Item(
        "1",
        1,
        _("In the past 30 days, would you say your physical health has been:"),
        HEALTH,
        subscale=RISK,
    ),
    Item(
        "2",
        2,
        _(
            "In the past 30 days, how many nights did you have trouble falling asleep or staying asleep?"
        ),
        NIGHTS,
        subscale=RISK,
    ),
    Item(
        "3",
        3,
        _(
            "In the past 30 days, how many days have you felt depressed, anxious, angry or very "
            "upset throughout most of the day?"
        ),
        DAYS,
        subscale=RISK,
    ),
    Item(
        "4",
        4,
        _("In the past 30 days, how many days did you drink ANY alcohol?"),
        DAYS,
        subscale=USE,
    ),
    Item(
        "5",
        5,
        _(
            "In the past 30 days, how many days did you have at least 5 drinks (if you are a man) "
            "or at least 4 drinks (if you are a woman)?"
        ),
        DAYS,
        subscale=USE,
        hint=_(
            "One drink is considered one shot of hard liquor (1.5 oz.) or 12-ounce can/bottle "
            "of beer or 5 ounce glass of wine."
        ),
        asked_if="4",
    ),
    Item(
        "6",
        6,
        _(
            "In the past 30 days, how many days did you use any illegal/street drugs or abuse "
            "any prescription medications?"
        ),
        DAYS,
        subscale=USE,
    ),
    _drug("a", _("Marijuana (cannabis, pot, weed)?")),
    _drug(
        "b",
        _(
            "Sedatives/Tranquilizers (e.g., “benzos”, Valium, Xanax, Ativan, Ambien, “barbs”, "
            "Phenobarbital, downers, etc.)?"
        ),
    ),
    _drug("c", _("Cocaine/Crack?")),
    _drug(
        "d",
        _(
            "Other Stimulants (e.g., amphetamine, methamphetamine, Dexedrine, Ritalin, Adderall, "
            "“speed”, “crystal meth”, “ice”, etc.)?"
        ),
    ),
    _drug(
        "e",
        _(
            "Opiates (e.g., Heroin, Morphine, Dilaudid, Demerol, Oxycontin, oxy, codeine "
            "(Tylenol 2,3,4), Percocet, Vicodin, Fentanyl, etc.)?"
        ),
    ),
    _drug("f", _("Inhalants (glues, adhesives, nail polish remover, paint thinner, etc.)?")),
    _drug(
        "g",
        _(
            "Other drugs (steroids, non-prescription sleep/diet pills, Benadryl, Ephedra, other "
            "over-the-counter/unknown medications)?"
        ),
    ),
    Item(
        "8",
        8,
        _(
            "In the past 30 days, how much were you bothered by cravings or urges to drink "
            "alcohol or use drugs?"
        ),
        EXTENT,
        subscale=RISK,
    ),
    Item(
        "9",
        9,
        _(
            "How confident are you in your ability to be completely abstinent (clean) from "
            "alcohol and drugs in the next 30 days?"
        ),
        EXTENT,
        subscale=PROTECTIVE,
    ),
    Item(
        "10",
        10,
        _(
            "In the past 30 days, how many days did you attend self-help meetings like AA or NA "
            "to support your recovery?"
        ),
        DAYS,
        subscale=PROTECTIVE,
    ),
    Item(
        "11",
        11,
        _(
            "In the past 30 days, how many days were you in any situations or with any people "
            "that might put you at an increased risk for using alcohol or drugs (i.e., around "
            "risky “people, places or things”)?"
        ),
        DAYS,
        subscale=RISK,
    ),
    Item(
        "12",
        12,
        _("Does your religion or spirituality help support your recovery?"),
        EXTENT,
        subscale=PROTECTIVE,
    ),
    Item(
        "13",
        13,
        _(
            "In the past 30 days, how many days did you spend much of the time at work, school, "
            "or doing volunteer work?"
        ),
        DAYS,
        subscale=PROTECTIVE,
    ),
    Item(
        "14",
        14,
        _(
            "Do you have enough income (from legal sources) to pay for necessities such as "
            "housing, transportation, food and clothing for yourself and your dependents?"
        ),
        NO_YES,
        scores=(0, 4),
        subscale=PROTECTIVE,
    ),
    Item(
        "15",
        15,
        _(
            "In the past 30 days, how much have you been bothered by arguments or problems "
            "getting along with any family members or friends?"
        ),
        EXTENT,
        subscale=RISK,
    ),
    Item(
        "16",
        16,
        _(
            "In the past 30 days, how many days were you in contact or spent time with any "
            "family members or friends who are supportive of your recovery?"
        ),
        DAYS,
        subscale=PROTECTIVE,
    ),
    Item(
        "17",
        17,
        _("How satisfied are you with your progress toward achieving your recovery goals?"),
        EXTENT,
    ),
)
BY_KEY: dict[str, Item] = {item.key: item for item in ITEMS}
KEYS: tuple[str, ...] = tuple(BY_KEY)
NUMBERED = 17  # "Question 3 of 17": 7A-7G are parts of question 7
SATISFACTION = "17"  # an overall indicator of progress, in no subscale


@dataclass(frozen=True)
class Subscale:
    key: str
    items: tuple[str, ...]
    maximum: int
    cutoff: int
    # True: a score at or above the cut-off is of clinical concern (use, risk); False: at
    # or below it (protective factors).
    high_is_concern: bool

    def of_concern(self, score: int) -> bool:
        return score >= self.cutoff if self.high_is_concern else score <= self.cutoff


# The VA's BAM Scoring and Clinical Guidelines: Use = items 4 + 5 + 6 (0-12; any score of 1 or
# more is clinically significant); Risk = 1 + 2 + 3 + 8 + 11 + 15 (0-24; 12 or more);
# Protective = 9 + 10 + 12 + 13 + 14 + 16 (0-24; 12 or below). Items 7A-7G only elaborate item
# 6 and item 17 stands alone: neither is in a subscale.
SUBSCALES: dict[str, Subscale] = {
    USE: Subscale(USE, ("4", "5", "6"), 12, 1, high_is_concern=True),
    RISK: Subscale(RISK, ("1", "2", "3", "8", "11", "15"), 24, 12, high_is_concern=True),
    PROTECTIVE: Subscale(
        PROTECTIVE, ("9", "10", "12", "13", "14", "16"), 24, 12, high_is_concern=False
    ),
}


class Incomplete(ValueError):
    """Some item that applies has no answer (or an answer outside its responses)."""


@dataclass(frozen=True)
class Scores:
    use: int
    risk: int
    protective: int
    satisfaction: int  # item 17, 0-4

    def of_concern(self, subscale: str) -> bool:
        return SUBSCALES[subscale].of_concern(getattr(self, subscale))


def applies(item: Item, answers: Mapping[str, int]) -> bool:
    """Is `item` asked, given the answers so far? Item 5 only after some drinking (item 4
    above 0), 7A-7G only after some drug use (item 6 above 0), as the form's skips say."""
    if not item.asked_if:
        return True
    earlier = answers.get(item.asked_if)
    return earlier is not None and BY_KEY[item.asked_if].score(earlier) > 0


def valid(item: Item, answer: Any) -> bool:
    return (
        isinstance(answer, int)
        and not isinstance(answer, bool)
        and 0 <= answer < len(item.responses)
    )


def asked(answers: Mapping[str, int]) -> list[str]:
    """The keys asked, in order, given the answers so far."""
    return [item.key for item in ITEMS if applies(item, answers)]


def kept(answers: Mapping[str, int]) -> dict[str, int]:
    """The answers to items that apply: a "0 days" to item 4 after an answer to item 5 (Back,
    then a change) drops the answer to 5, which is then not asked."""
    return {key: answers[key] for key in asked(answers) if key in answers}


def following(key: str, answers: Mapping[str, int]) -> str | None:
    """The next item asked after `key` (None after the last)."""
    keys = asked(answers)
    position = keys.index(key) if key in keys else -1
    return keys[position + 1] if position + 1 < len(keys) else None


def preceding(key: str, answers: Mapping[str, int]) -> str | None:
    """The item asked before `key` (None before the first)."""
    keys = asked(answers)
    position = keys.index(key) if key in keys else len(keys)
    return keys[position - 1] if position > 0 else None


def first_unanswered(answers: Mapping[str, int]) -> str | None:
    return next((key for key in asked(answers) if key not in answers), None)


def score(answers: Mapping[str, int]) -> Scores:
    """The subscale scores of a complete set of answers (the VA's scoring guide).

    An item that is not asked scores 0: item 5 after "0 days" of drinking, as the guide says.
    """
    missing = [
        key for key in asked(answers) if key not in answers or not valid(BY_KEY[key], answers[key])
    ]
    if missing:
        raise Incomplete(", ".join(missing))
    given = kept(answers)

    def total(subscale: str) -> int:
        return sum(
            BY_KEY[key].score(given[key]) for key in SUBSCALES[subscale].items if key in given
        )

    return Scores(
        use=total(USE),
        risk=total(RISK),
        protective=total(PROTECTIVE),
        satisfaction=BY_KEY[SATISFACTION].score(given[SATISFACTION]),
    )
