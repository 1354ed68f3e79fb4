"""The parts of a relapse-prevention plan, in the order a member writes them.

Each section is either a list (items the member can add, reword, reorder and
remove) or a set of fixed prompts (one answer each). Forms, versions, diffs and
the print page are all driven by this one description.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.stages import Stage

Text = str | Promise

TRIGGER_KINDS = [
    ("internal", _("Inside me (thoughts, feelings)")),
    ("external", _("Around me (people, places, things)")),
]
WELLBEING_KINDS = [
    ("stress", _("For stress")),
    ("boredom", _("For boredom")),
    # Meals and sleep apart from the rest: the check-in response offers them for hunger
    # and for tiredness (checkins.responses), each only the ones that help with it.
    ("eating", _("Regular meals")),
    ("sleep", _("Sleep and rest")),
    ("selfcare", _("Other daily self-care (exercise, time outside)")),
]
# Medications for opioid use disorder (DOMAIN.md): what to do after a return to use differs
# for each (checkins.responses.medication_guidance).
MOUD_KINDS = [
    ("buprenorphine", _("Buprenorphine (also with naloxone)")),
    ("methadone", _("Methadone")),
    ("naltrexone", _("Naltrexone")),
]
CARE_LEVELS = [
    ("detox", _("Detox")),
    ("residential", _("Inpatient or residential")),
    ("php", _("Partial hospitalization (PHP)")),
    ("iop", _("Intensive outpatient (IOP)")),
    ("outpatient", _("Outpatient")),
    ("sober_living", _("Sober living")),
    ("peer_support", _("Peer support and alumni program")),
]


@dataclass(frozen=True)
class Field:
    name: str
    label: Text
    kind: str = "text"  # text | longtext | choice | date | phone | bool
    max_length: int = 200
    required: bool = False
    choices: Sequence[tuple[str, Text]] = ()
    help: Text = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    intro: Text
    examples: list[Text]
    fields: list[Field]  # for a list: the first field is the item's main text (required)
    is_list: bool = True
    suggestions: list[dict] = field(default_factory=list)

    @property
    def main(self) -> Field:
        return self.fields[0]


def _signs(stage: Stage, *texts: Text) -> list[dict[str, Text]]:
    """Common warning signs of one stage, as plan items to adopt in one tap."""
    return [{"text": text, "stage": stage} for text in texts]


SECTIONS: list[Section] = [
    Section(
        "reasons",
        _("My reasons for recovery"),
        _("What matters to you? These are the reasons you come back to on a hard day."),
        [_("Being there for my daughter"), _("Keeping my job"), _("Feeling like myself again")],
        [Field("text", _("A reason"), required=True)],
    ),
    Section(
        "triggers",
        _("My triggers"),
        _(
            "Triggers are the people, places, things and feelings that can set off a craving. "
            "Naming them is how you plan around them."
        ),
        [
            _("Payday"),
            _("Driving past my old neighborhood"),
            _("Feeling left out"),
            _("Pain in my back"),
        ],
        [
            Field("text", _("Trigger"), required=True),
            Field("kind", _("Where it comes from"), "choice", 20, True, TRIGGER_KINDS),
            Field("note", _("Note (optional)")),
        ],
    ),
    Section(
        "warning_signs",
        _("My warning signs"),
        _(
            "A return to use starts long before any use: first in feelings (emotional), then in "
            "thoughts (mental). Which signs tell you that you are slipping? Tap a common one to "
            "adopt it, then put it in your own words."
        ),
        [_("I stop answering my sponsor's calls"), _("I start thinking once won't hurt")],
        [
            Field("text", _("Warning sign"), required=True),
            Field("stage", _("Stage"), "choice", 20, True, Stage.choices),
        ],
        suggestions=[
            *_signs(
                Stage.EMOTIONAL,
                _("Isolating, staying away from people"),
                _("Skipping meetings or support groups"),
                _("Not eating or sleeping well (HALT)"),
                _("Bottling up feelings or snapping at people"),
                _("Skipping my maintenance medication"),
                _("Boredom, no healthy things to do"),
                _("Spending time with people who use"),
                _("Telling myself I'm fine and don't need help (denial)"),
            ),
            *_signs(
                Stage.MENTAL,
                _("Thinking about people, places and things from when I used"),
                _("Remembering using as better than it was"),
                _('Thinking "just this once"'),
                _("Cravings getting stronger"),
                _("Staying in touch with people who sell or use"),
                _("Looking for chances to use, or planning it"),
                _("Lying or keeping secrets about where I go and what I do"),
                _("Using something else (alcohol, pills) to get through an urge"),
                _("Thoughts of hurting myself"),
            ),
        ],
    ),
    Section(
        "coping",
        _("My coping skills"),
        _("What helps you ride out a craving or a hard feeling?"),
        [
            _("A walk around the block"),
            _("Breathing for five minutes"),
            _("Drawing"),
            _("Calling someone"),
        ],
        [Field("text", _("Coping skill"), required=True)],
    ),
    # Two steps of the Stanley-Brown safety plan that no other part holds (DOMAIN.md
    # "Safety planning"); the others reuse warning signs, coping skills, the support
    # network, the safer-place checklist and the reasons (checkins.responses.safety_plan).
    Section(
        "distractions",
        _("People and places that take my mind off things"),
        _(
            "Where can you go, and who can you be around, when you need a break from your "
            "thoughts? Company counts even without talking about how you feel."
        ),
        [_("The coffee shop on Main Street"), _("Shooting hoops with my cousin"), _("The library")],
        [Field("text", _("A person or a place"), required=True)],
    ),
    Section(
        "actions",
        _("My action steps"),
        _('Decide now what you will do later: "When this happens, I will do that."'),
        [_("When I get paid, I will take cash straight to the bank and call my sister.")],
        [
            Field("text", _("When…"), required=True),
            Field("then", _("I will…"), required=True),
            Field("who", _("Who I will reach (optional)"), max_length=120),
        ],
    ),
    Section(
        "support",
        _("My support network"),
        _("The people you can call or text, who answer without judgment."),
        [_("My sponsor"), _("My sister"), _("A friend from group")],
        [
            Field("text", _("Name"), max_length=120, required=True),
            Field("relationship", _("Who they are to me"), max_length=60),
            Field("phone", _("Phone"), "phone", 20),
        ],
    ),
    Section(
        "professionals",
        _("Professionals and services I can reach"),
        _(
            "Your counselor, your prescriber, your treatment program. The 988 Lifeline "
            "(call or text 988) answers any time, day or night."
        ),
        [_("My counselor at the clinic"), _("My prescriber, Dr. Patel")],
        [
            Field("text", _("Who"), max_length=120, required=True),
            Field("phone", _("Phone"), "phone", 20),
        ],
    ),
    Section(
        "safety",
        _("A safer place"),
        _(
            "Make your surroundings safer. Tick each step with the day you did it; it's fine if "
            "some are still ahead of you."
        ),
        [_("Deleted my old dealer's number")],
        [
            Field("text", _("Step"), required=True),
            Field("done_on", _("Done on"), "date"),
        ],
        suggestions=[
            {"text": _("Deleted the contacts of people who sold to me")},
            {"text": _("Deleted the contacts of people I used with")},
            {"text": _("No drugs or paraphernalia at home")},
            {"text": _("No drugs or paraphernalia in my car")},
            {"text": _("No drugs or paraphernalia at work")},
            {"text": _("Naloxone (Narcan) where I and others can reach it")},
        ],
    ),
    Section(
        "wellbeing",
        _("Looking after myself"),
        _(
            "Ways to handle stress, things to do when you're bored, and a daily routine of meals, sleep and movement."
        ),
        [_("Yoga on Tuesdays"), _("Fishing with my uncle"), _("Lights out by 11")],
        [
            Field("text", _("What I do"), required=True),
            Field("kind", _("What it's for"), "choice", 20, True, WELLBEING_KINDS),
        ],
    ),
    Section(
        "medications",
        _("My medications"),
        _(
            "Include any maintenance medication (for example buprenorphine, methadone or "
            "naltrexone). Take them as your prescriber directs; this list is a reminder, not advice."
        ),
        [_("Buprenorphine/naloxone, 8 mg, every morning, Dr. Patel")],
        [
            Field("text", _("Medication"), max_length=120, required=True),
            Field("dose", _("Dose"), max_length=60),
            Field("schedule", _("When I take it"), max_length=120),
            Field("prescriber", _("Prescriber"), max_length=120),
            Field(
                "moud",
                _("Medication for opioid use disorder"),
                "choice",
                20,
                choices=MOUD_KINDS,
                help=_("Leave empty for other medications."),
            ),
        ],
    ),
    Section(
        "care_level",
        _("My current level of care"),
        _(
            "Where you are in care right now. Moving to more support for a while is a strategy, not starting over."
        ),
        [],
        [Field("level", _("Level of care"), "choice", 20, True, CARE_LEVELS)],
        is_list=False,
    ),
    Section(
        "if_i_use",
        _("If I use"),
        _(
            "A plan for the first hours, written while you are calm. After time without using, "
            "your tolerance is lower and an old amount can cause an overdose."
        ),
        [],
        [
            Field("tell_first", _("Who I tell first"), max_length=200),
            Field("naloxone", _("Where my naloxone is"), max_length=200),
            Field("go_to", _("Where I go to be safe"), max_length=200),
            Field("first_day", _("What I do in the first 24 hours"), "longtext", 1000),
        ],
        is_list=False,
    ),
]

BY_KEY: dict[str, Section] = {section.key: section for section in SECTIONS}


def next_section(key: str) -> Section | None:
    index = [s.key for s in SECTIONS].index(key)
    return SECTIONS[index + 1] if index + 1 < len(SECTIONS) else None


def label_for(section: Section, field_name: str, value: str) -> str:
    """The human label of a stored value (for diffs and pages): a choice's words, a day
    written as the site writes days ("Aug 2, 2026"; "2 ago 2026"), not as stored."""
    for f in section.fields:
        if f.name == field_name and f.choices:
            return str(dict(f.choices).get(value, value))
        if f.name == field_name and f.kind == "date":
            try:
                return date_format(date.fromisoformat(value), gettext("M j, Y"))
            except ValueError:
                return value
    return value
