"""The three stages of relapse (DOMAIN.md): one definition for plans, check-ins and alerts.

Plan warning signs, noticed signs and alerts all carry one of these values. Plans and
check-ins sit below alerts in the layers, so the stage lives here, with its words and
its urgency, and every ordering by urgency goes through `rank` (Python) or
`rank_expression` (SQL).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    # Least urgent first: the declaration order is the rank.
    EMOTIONAL = "emotional", _("Emotional stage")
    MENTAL = "mental", _("Mental stage")
    PHYSICAL = "physical", _("Physical stage")

    @property
    def rank(self) -> int:
        """1 (emotional) to 3 (physical): higher is more urgent."""
        return list(Stage).index(self) + 1

    @classmethod
    def by_urgency(cls, value: str | None) -> int:
        """A sort key: the most urgent stage first, no stage last."""
        return -cls(value).rank if value else 0

    @classmethod
    def label_of(cls, value: str | None) -> str:
        """The stage's words, or "" for a value that is not a stage (old plan data)."""
        return str(cls(value).label) if value in cls.values else ""

    @classmethod
    def rank_expression(cls, field: str = "stage") -> Case:
        """`rank` in SQL, to order rows by urgency (`.annotate(rank=...).order_by("-rank")`)."""
        return Case(
            *(When(**{field: stage}, then=Value(stage.rank)) for stage in cls),
            default=Value(0),
            output_field=IntegerField(),
        )
