"""Snapshots of the program outcomes: one row per program, month and figure."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Program


class OutcomeCell(models.Model):
    """One figure of one closed month, as the nightly snapshot computed it (outcomes.tasks).

    Holds counts and rates only, never a person: the page reads these for closed months
    and computes the current month live. `program` None is the whole deployment (what a
    program admin outside any program sees).
    """

    program = models.ForeignKey(
        Program, verbose_name=_("program"), null=True, blank=True, on_delete=models.CASCADE
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    figure = models.CharField(_("figure"), max_length=40)
    value = models.FloatField(_("value"), null=True, blank=True)
    people = models.PositiveIntegerField(_("people"))
    least = models.PositiveIntegerField(_("smallest group given away"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        verbose_name = _("outcome figure")
        verbose_name_plural = _("outcome figures")
        ordering = ["-month", "figure"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "month", "figure"],
                condition=Q(program__isnull=False),
                name="outcome_cell_once_per_program",
            ),
            models.UniqueConstraint(
                fields=["month", "figure"],
                condition=Q(program__isnull=True),
                name="outcome_cell_once_overall",
            ),
        ]
        indexes = [models.Index(fields=["program", "month"], name="outcome_program_month_idx")]

    def __str__(self) -> str:
        return f"{self.figure} {self.month:%Y-%m} of program {self.program_id or 'all'}"
