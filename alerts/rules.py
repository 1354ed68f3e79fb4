"""Warning-stage rules: from a member's recent history to signals a person understands.

A pure module: `signals(history, rules)` reads plain facts and returns what they
suggest, each signal with its stage (emotional, mental, physical; DOMAIN.md "The
three stages of relapse") and a sentence that says why. Nothing here touches the
database, so every rule is tested as a table (tests/checkins/test_warning.py).
Thresholds come from settings.WAYPOINT_WARNING_RULES (defaults below).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop, ngettext_lazy

from core.stages import Stage
from measures import bam

DEFAULT_RULES: dict[str, int] = {
    "halt_high": 2,  # an answer at "quite" (2) or "very" (3)
    "halt_answers": 2,  # ... for at least this many of the four
    "halt_days": 3,  # ... on this many
    "halt_window": 5,  # ... of the last check-ins
    "isolation_days": 3,  # no check-in for this many days
    "regular_checkins": 5,  # ... after at least this many check-ins
    "regular_window": 7,  # ... in the days before the silence
    "support_days": 7,  # no support contact or meeting in this many days
    "support_min_checkins": 3,  # ... when at least this many check-ins say so
    "medication_days": 2,  # maintenance medication missed this many days in a row (mental)
    "low_mood": 2,  # mood at or below this (1 very low, 2 low, of 5)
    "low_mood_days": 3,  # ... on this many
    "low_mood_window": 5,  # ... of the last check-ins
    "self_harm_days": 2,  # a "yes" to the self-harm question counts today and the day before
    "short_sleep_hours": 5,  # under this many hours of sleep
    "short_sleep_days": 3,  # ... on this many
    "short_sleep_window": 5,  # ... of the last check-ins
    "craving_high": 7,  # craving at or above this
    "craving_days": 2,  # ... on this many
    "craving_window": 3,  # ... of the last check-ins
    "craving_rise_checkins": 3,  # craving rising over this many check-ins in a row
    "craving_rise_total": 4,  # ... by at least this much in all
    "struggling_days": 2,  # "I'm struggling" counts for today and the day before
    "lookback_days": 14,  # how far back the rules look
    # The Brief Addiction Monitor's cut-offs (measures.bam, from the VA's scoring guide):
    "bam_use": bam.SUBSCALES[bam.USE].cutoff,  # a use score at or above this
    "bam_risk": bam.SUBSCALES[bam.RISK].cutoff,  # risk factors rising to or past this
    "bam_protective": bam.SUBSCALES[bam.PROTECTIVE].cutoff,  # protective falling to or below
    "bam_days": 14,  # ... in a BAM completed within this many days
}


# The signal that only a person, at once, may answer: see _self_harm and alerts.notify.
SELF_HARM = "self_harm"


@dataclass(frozen=True)
class DayFacts:
    """One check-in, reduced to what the rules read."""

    day: date
    hungry: int
    angry: int
    lonely: int
    tired: int
    craving: int
    # None: not asked (a check-in by text asks only HALT, craving and use); a rule on one of
    # these reads the check-ins that asked it.
    sleep_hours: float | None
    medication: str | None  # "yes" | "no" | "none"
    support_contact: bool | None
    used: bool = False
    mood: int | None = 3  # 1 very low .. 5 very good
    self_harm: bool = False  # "yes" to the optional self-harm question
    noticed_stages: frozenset[str] = frozenset()


@dataclass(frozen=True)
class BamFacts:
    """One completed Brief Addiction Monitor, reduced to its subscale scores."""

    day: date
    use: int
    risk: int
    protective: int


@dataclass(frozen=True)
class History:
    today: date
    checkins: Sequence[DayFacts]  # any order; the rules sort them
    use_days: Sequence[date] = ()
    attended_days: Sequence[date] = ()  # alumni events attended (support contact too)
    struggling_days: Sequence[date] = ()  # the member said "I'm struggling right now"
    bam: Sequence[BamFacts] = ()  # the latest two BAM results at most, any order


@dataclass(frozen=True)
class Signal:
    stage: str
    code: str
    explanation: str  # in the program's language: what records and comparisons keep
    # The sentence's English words and values, said again in each reader's language when
    # shown (alerts.sentences.said): the rules run in a worker, a reader may read Spanish.
    words: dict[str, Any] | None = None


def _signal(stage: str, code: str, text: str, **values: Any) -> Signal:
    """A signal whose sentence is `text` (a counted one: COUNTED[code]) with `values`; a date
    value is kept as its ISO day and written out in the reader's language."""
    words = {"code": code, "text": text, "values": {k: _plain(v) for k, v in values.items()}}
    with translation.override(settings.LANGUAGE_CODE):
        return Signal(stage, code, said(words), words)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def sentence(row: dict[str, Any]) -> str:
    """A stored signal's sentence for whoever reads it now: said again from its words in the
    active language; a signal stored before words were kept has its recorded sentence."""
    return said(row["words"]) if row.get("words") else row["explanation"]


def said(words: dict[str, Any]) -> str:
    """A signal's sentence in the active language (its dates as the language writes them)."""
    values = {
        k: date_format(date.fromisoformat(v), "MONTH_DAY_FORMAT") if k == "day" else v
        for k, v in words["values"].items()
    }
    counted = COUNTED.get(words.get("code", ""))
    if counted is not None:
        return str(counted % values)
    return gettext(words["text"]) % values


@dataclass
class _Context:
    history: History
    rules: dict[str, int]
    recent: list[DayFacts] = field(default_factory=list)  # newest first, within lookback


def _halt_strain(c: _Context) -> Signal | None:
    r = c.rules
    window = c.recent[: r["halt_window"]]
    strained = [
        d
        for d in window
        if sum(v >= r["halt_high"] for v in (d.hungry, d.angry, d.lonely, d.tired))
        >= r["halt_answers"]
    ]
    if len(strained) >= r["halt_days"]:
        return _signal(
            Stage.EMOTIONAL,
            "halt_strain",
            gettext_noop(
                'Two or more of hungry, angry, lonely or tired at "quite" or "very" on %(n)d of the last %(w)d check-ins.'
            ),
            n=len(strained),
            w=len(window),
        )
    return None


# Sentences that count: said in the plural form the reader's language gives values["n"].
COUNTED = {
    "isolation": ngettext_lazy(
        "No check-in for %(n)d day, after checking in most days.",
        "No check-in for %(n)d days, after checking in most days.",
        "n",
    ),
}


def _isolation(c: _Context) -> Signal | None:
    r, today = c.rules, c.history.today
    if not c.recent:
        return None
    last = c.recent[0].day
    silent = (today - last).days
    if silent < r["isolation_days"]:
        return None
    since = last - timedelta(days=r["regular_window"] - 1)
    before = [d for d in c.recent if since <= d.day <= last]
    if len(before) < r["regular_checkins"]:
        return None  # not a regular run, so a quiet spell says little
    return _signal(Stage.EMOTIONAL, "isolation", "", n=silent)


def _no_support(c: _Context) -> Signal | None:
    r, today = c.rules, c.history.today
    since = today - timedelta(days=r["support_days"] - 1)
    window = [d for d in c.recent if d.day >= since and d.support_contact is not None]
    if len(window) < r["support_min_checkins"]:
        return None
    attended = any(since <= d <= today for d in c.history.attended_days)
    if attended or any(d.support_contact for d in window):
        return None
    return _signal(
        Stage.EMOTIONAL,
        "no_support",
        gettext_noop("No support contact or meeting in the last %(n)d days."),
        n=r["support_days"],
    )


def _medication_missed(c: _Context) -> Signal | None:
    n = c.rules["medication_days"]
    run = c.recent[:n]
    # A day that did not ask (by text) breaks the run: nobody said it was missed.
    if len(run) < n or any(d.medication != "no" for d in run):
        return None
    consecutive = all((run[i].day - run[i + 1].day).days == 1 for i in range(len(run) - 1))
    if not consecutive:
        return None
    # Stopping buprenorphine or methadone raises the risk of death (DOMAIN.md "Medications
    # for opioid use disorder"): two days in a row is a mental-stage signal, escalated in
    # hours rather than a day. A single missed day is answered on the check-in response.
    return _signal(
        Stage.MENTAL,
        "medication_missed",
        gettext_noop("Maintenance medication missed %(n)d days in a row."),
        n=n,
    )


def _short_sleep(c: _Context) -> Signal | None:
    r = c.rules
    window = [d for d in c.recent if d.sleep_hours is not None][: r["short_sleep_window"]]
    short = [d for d in window if (d.sleep_hours or 0) < r["short_sleep_hours"]]
    if len(short) < r["short_sleep_days"]:
        return None
    return _signal(
        Stage.EMOTIONAL,
        "short_sleep",
        gettext_noop("Under %(h)d hours of sleep on %(n)d of the last %(w)d check-ins."),
        h=r["short_sleep_hours"],
        n=len(short),
        w=len(window),
    )


def _low_mood(c: _Context) -> Signal | None:
    # Negative mood is among the most consistent short-term predictors of a lapse; bottled-up
    # feelings belong to the emotional stage (DOMAIN.md).
    r = c.rules
    window = [d for d in c.recent if d.mood is not None][: r["low_mood_window"]]
    low = [d for d in window if (d.mood or 0) <= r["low_mood"]]
    if len(low) < r["low_mood_days"]:
        return None
    return _signal(
        Stage.EMOTIONAL,
        "low_mood",
        gettext_noop("Mood low or very low on %(n)d of the last %(w)d check-ins."),
        n=len(low),
        w=len(window),
    )


def _self_harm(c: _Context) -> Signal | None:
    """Thoughts of self-harm, from the check-in's optional screening question.

    Self-harm is a mental-stage sign in the seeds, but a "yes" must reach a person fastest
    (DOMAIN.md "Safety beyond the first tap"), so it rides in the physical-stage lane: the
    top of every inbox, the shortest escalation, and alerts.notify tells on-call at once.
    """
    h = c.history
    since = h.today - timedelta(days=max(c.rules["self_harm_days"], 1) - 1)
    days = [d.day for d in c.recent if d.self_harm and since <= d.day <= h.today]
    if not days:
        return None
    return _signal(
        Stage.PHYSICAL,
        SELF_HARM,
        # Read by the member too: plain, warm, no clinical words.
        gettext_noop("Said in a check-in that thoughts of self-harm have come up (%(day)s)."),
        day=max(days),
    )


def _sign_noticed(stage: str):
    def rule(c: _Context) -> Signal | None:
        if not c.recent or stage not in c.recent[0].noticed_stages:
            return None
        if (c.history.today - c.recent[0].day).days > 1:
            return None  # only what was noticed today or yesterday
        text = (
            gettext_noop("An emotional-stage warning sign from the plan was noticed.")
            if stage == Stage.EMOTIONAL
            else gettext_noop("A mental-stage warning sign from the plan was noticed.")
        )
        return _signal(stage, f"{stage}_sign", text)

    return rule


def _craving_high(c: _Context) -> Signal | None:
    r = c.rules
    window = c.recent[: r["craving_window"]]
    high = [d for d in window if d.craving >= r["craving_high"]]
    if len(high) < r["craving_days"]:
        return None
    return _signal(
        Stage.MENTAL,
        "craving_high",
        gettext_noop("Craving %(c)d or more on %(n)d of the last %(w)d check-ins."),
        c=r["craving_high"],
        n=len(high),
        w=len(window),
    )


def _craving_rising(c: _Context) -> Signal | None:
    r = c.rules
    run = list(reversed(c.recent[: r["craving_rise_checkins"]]))  # oldest first
    if len(run) < r["craving_rise_checkins"]:
        return None
    rising = all(a.craving < b.craving for a, b in pairwise(run))
    total = run[-1].craving - run[0].craving
    if not rising or total < r["craving_rise_total"]:
        return None
    return _signal(
        Stage.MENTAL,
        "craving_rising",
        gettext_noop("Craving rose on each of the last %(n)d check-ins, by %(t)d in all."),
        n=len(run),
        t=total,
    )


def _use(c: _Context) -> Signal | None:
    h, lookback = c.history, c.rules["lookback_days"]
    since = h.today - timedelta(days=lookback - 1)
    days = sorted(
        {d for d in h.use_days if since <= d <= h.today} | {d.day for d in c.recent if d.used}
    )
    if not days:
        return None
    return _signal(
        Stage.PHYSICAL,
        "use",
        gettext_noop("A return to use was reported on %(day)s."),
        day=days[-1],
    )


def _struggling(c: _Context) -> Signal | None:
    h = c.history
    # At least today's: saying it must always reach the counselor, whatever the settings.
    since = h.today - timedelta(days=max(c.rules["struggling_days"], 1) - 1)
    days = sorted(d for d in h.struggling_days if since <= d <= h.today)
    if not days:
        return None
    return _signal(
        Stage.MENTAL,
        "struggling",
        # Read by the member too: plain, and without "they".
        gettext_noop("Reached out for support while struggling (%(day)s)."),
        day=days[-1],
    )


def _bams(c: _Context) -> tuple[BamFacts | None, BamFacts | None]:
    """The latest BAM within `bam_days`, and the one before it (at any age)."""
    ordered = sorted(c.history.bam, key=lambda b: b.day, reverse=True)
    if not ordered or (c.history.today - ordered[0].day).days >= c.rules["bam_days"]:
        return None, None
    return ordered[0], ordered[1] if len(ordered) > 1 else None


def _bam_use(c: _Context) -> Signal | None:
    # Any use in the BAM's past 30 days is clinically significant (the VA's cut-off, 1 or
    # more): actual use is the physical stage, like a report of use. Only a rise is news:
    # the same lapse stays in the next three weekly BAMs' 30 days, and a physical-stage
    # alert texts the care team, so a care team that heard (and resolved it) is not woken
    # for it again each week. A first result with use counts as a rise.
    latest, previous = _bams(c)
    if (
        latest is None
        or latest.use < c.rules["bam_use"]
        or (previous is not None and previous.use >= latest.use)
    ):
        return None
    return _signal(
        Stage.PHYSICAL,
        "bam_use",
        gettext_noop(
            "The check-up (BAM) of %(day)s counted days of alcohol or drug use in the past 30 days."
        ),
        day=latest.day,
    )


def _bam_risk(c: _Context) -> Signal | None:
    # A rise to or past the cut-off, not a score that stays there: the care team heard of it
    # at the crossing (a first result at or past it counts as one).
    latest, previous = _bams(c)
    cutoff = c.rules["bam_risk"]
    if latest is None or latest.risk < cutoff or (previous and previous.risk >= cutoff):
        return None
    return _signal(
        Stage.MENTAL,
        "bam_risk",
        gettext_noop(
            "Risk factors in the check-up (BAM) of %(day)s rose to %(score)d of 24 (%(cutoff)d or more calls for a closer look)."
        ),
        day=latest.day,
        score=latest.risk,
        cutoff=cutoff,
    )


def _bam_protective(c: _Context) -> Signal | None:
    latest, previous = _bams(c)
    cutoff = c.rules["bam_protective"]
    if latest is None or latest.protective > cutoff or (previous and previous.protective <= cutoff):
        return None
    # Fewer supports (meetings, sober people, work) is pulling away: the emotional stage.
    return _signal(
        Stage.EMOTIONAL,
        "bam_protective",
        gettext_noop(
            "Protective factors in the check-up (BAM) of %(day)s fell to %(score)d of 24 (%(cutoff)d or below calls for a closer look)."
        ),
        day=latest.day,
        score=latest.protective,
        cutoff=cutoff,
    )


RULES = (
    _self_harm,
    _use,
    _bam_use,
    _struggling,
    _bam_risk,
    _craving_high,
    _craving_rising,
    _sign_noticed(Stage.MENTAL),
    _medication_missed,
    _halt_strain,
    _isolation,
    _no_support,
    _low_mood,
    _short_sleep,
    _sign_noticed(Stage.EMOTIONAL),
    _bam_protective,
)


def signals(history: History, rules: dict[str, int] | None = None) -> list[Signal]:
    """Every signal the history shows, highest stage first."""
    merged = {**DEFAULT_RULES, **(rules or {})}
    since = history.today - timedelta(days=merged["lookback_days"] - 1)
    recent = sorted(
        (d for d in history.checkins if since <= d.day <= history.today),
        key=lambda d: d.day,
        reverse=True,
    )
    context = _Context(history, merged, recent)
    found = [s for rule in RULES if (s := rule(context)) is not None]
    return sorted(found, key=lambda s: Stage.by_urgency(s.stage))
