"""A BAM result in plain words, for the member it belongs to (and their care team's view).

What each subscale stands for, whether the BAM's cut-off suggests a closer look, and the
change since the member's previous result. The cut-offs are measures.bam's; nothing here
decides one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from measures import bam
from measures.models import BamResult

NAMES = {
    bam.USE: _("Alcohol and drug use"),
    bam.RISK: _("Things that can make recovery harder"),
    bam.PROTECTIVE: _("Things that support your recovery"),
}
# What the subscale is made of, in the member's words (bam.SUBSCALES lists the items).
ABOUT = {
    bam.USE: _("Days of drinking, heavy drinking and drug use in the past 30 days."),
    bam.RISK: _(
        "Physical health, sleep, hard feelings, cravings, risky people, places or things, and "
        "arguments with family or friends."
    ),
    bam.PROTECTIVE: _(
        "Confidence, meetings, spirituality, work or school, enough income, and time with "
        "people who support your recovery."
    ),
}
OF_CONCERN = {
    bam.USE: _(
        "Some use in the past 30 days. That is worth talking over with your care team, and it "
        "takes nothing away from the work you have done."
    ),
    bam.RISK: _(
        "A lot is weighing on you right now: 12 or more is where the BAM suggests looking at "
        "these together with your care team."
    ),
    bam.PROTECTIVE: _(
        "Your supports could use some strengthening: 12 or below is where the BAM suggests "
        "looking at them together with your care team."
    ),
}
STEADY = {
    bam.USE: _("No alcohol or drug use in the past 30 days."),
    bam.RISK: _("Under 12, below the level where the BAM suggests a closer look."),
    bam.PROTECTIVE: _("Above 12: good supports around your recovery."),
}
# Down is the good direction for use and risk, up for protective factors.
BETTER_WHEN_LOWER = {bam.USE: True, bam.RISK: True, bam.PROTECTIVE: False}


@dataclass(frozen=True)
class Part:
    key: str
    name: Any
    about: Any
    score: int
    maximum: int
    of_concern: bool
    words: Any
    change: int | None  # since the previous result; None for the first

    @property
    def better(self) -> bool | None:
        if not self.change:
            return None
        return (self.change < 0) == BETTER_WHEN_LOWER[self.key]

    @property
    def size(self) -> int:
        return abs(self.change or 0)


def parts(result: BamResult, previous: BamResult | None = None) -> list[Part]:
    """The three subscales of `result`, each explained, with the change since `previous`."""
    found = []
    for key, subscale in bam.SUBSCALES.items():
        value = getattr(result, key)
        concern = subscale.of_concern(value)
        found.append(
            Part(
                key=key,
                name=NAMES[key],
                about=ABOUT[key],
                score=value,
                maximum=subscale.maximum,
                of_concern=concern,
                words=OF_CONCERN[key] if concern else STEADY[key],
                change=value - getattr(previous, key) if previous else None,
            )
        )
    return found
