"""A member's Brief Addiction Monitor: the attempt in progress and the results.

The instrument itself (items, scoring, cut-offs) is data in measures/bam.py; a result keeps
the version it was scored with. When the next BAM is due is one definition, `due_q` (and
`is_due`, which asks it), used by the pages and by the reminders' dispatch alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Program, User
from checkins.progress import local_date
from measures import bam


class Cadence(models.IntegerChoices):
    # Programs give the BAM weekly to monthly (DOMAIN.md "Measurement-based care"); each
    # asks about the past 30 days, so a weekly one overlaps the last: that is by design.
    WEEKLY = 7, _("Every week")
    FORTNIGHTLY = 14, _("Every two weeks")
    MONTHLY = 30, _("Every 30 days")


DEFAULT_CADENCE = Cadence.WEEKLY


class MeasureSettings(models.Model):
    """A program's settings for measurement-based care: how often its members get a BAM.

    Kept here rather than on accounts.Program so that accounts, below every domain app,
    knows nothing of the instrument. A program without a row uses the default (weekly).
    """

    program = models.OneToOneField(
        Program,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="measure_settings",
    )
    bam_every_days = models.PositiveSmallIntegerField(
        _("Brief Addiction Monitor"),
        choices=Cadence.choices,
        default=DEFAULT_CADENCE,
        help_text=_(
            "How often members are invited to answer it. A change applies from each "
            "member's next one."
        ),
    )

    class Meta:
        verbose_name = _("measurement settings")
        verbose_name_plural = _("measurement settings")

    def __str__(self) -> str:
        return f"Measurement settings of {self.program}"


def cadence_days(member: User) -> int:
    """Days from one BAM to the next for this member: their program's setting."""
    if member.program_id is None:
        return DEFAULT_CADENCE
    found = (
        MeasureSettings.objects.filter(program_id=member.program_id)
        .values_list("bam_every_days", flat=True)
        .first()
    )
    return found or DEFAULT_CADENCE


class BamAttempt(models.Model):
    """The BAM a member is answering: saved at every screen, so they can leave and come back.

    One per member at most (the primary key); completing it turns it into a BamResult in
    the same transaction.
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="bam_attempt",
    )
    version = models.CharField(_("instrument version"), max_length=16, default=bam.VERSION)
    answers = models.JSONField(_("answers so far"), default=dict, blank=True)
    current = models.CharField(_("question shown"), max_length=4, default=bam.KEYS[0])
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("last answer"), default=timezone.now)

    class Meta:
        verbose_name = _("BAM in progress")
        verbose_name_plural = _("BAMs in progress")

    def __str__(self) -> str:
        return f"BAM in progress of member {self.member_id}"


class BamResult(models.Model):
    """A completed BAM: the answers, the subscale scores and the version they were scored by."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="bam_results",
    )
    version = models.CharField(_("instrument version"), max_length=16)
    answers = models.JSONField(_("answers"))
    use = models.PositiveSmallIntegerField(_("use"))
    risk = models.PositiveSmallIntegerField(_("risk factors"))
    protective = models.PositiveSmallIntegerField(_("protective factors"))
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction with progress"))
    started_at = models.DateTimeField(_("started"))
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)
    local_date = models.DateField(_("day (member's time zone)"))
    # The member's next one falls due on this day (their program's cadence when completed).
    next_due_on = models.DateField(_("next due"))
    # Set when the warning-stage rules have read it; the alerts sweep finds NULLs.
    evaluated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("BAM result")
        verbose_name_plural = _("BAM results")
        ordering = ["-completed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(use__lte=bam.SUBSCALES[bam.USE].maximum)
                & Q(risk__lte=bam.SUBSCALES[bam.RISK].maximum)
                & Q(protective__lte=bam.SUBSCALES[bam.PROTECTIVE].maximum)
                & Q(satisfaction__lte=4),
                name="bam_scores_in_range",
            ),
        ]
        indexes = [
            # A member's latest result, and their results over time (newest first).
            models.Index(fields=["member", "-completed_at"], name="bam_member_completed_idx"),
            # "Is a BAM due?": is there a result whose next due day is still ahead.
            models.Index(fields=["member", "next_due_on"], name="bam_member_due_idx"),
            models.Index(
                fields=["completed_at"],
                condition=Q(evaluated_at__isnull=True),
                name="bam_unevaluated_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"BAM of member {self.member_id} on {self.local_date}"

    @property
    def scores(self) -> bam.Scores:
        return bam.Scores(self.use, self.risk, self.protective, self.satisfaction)


# A new member's first week is for their plan and the daily check-in: the first BAM falls
# due a week after joining (they may answer one sooner from their plan page).
FIRST_DUE_AFTER = timedelta(days=7)


def due_q(day: date, via: str = "") -> Q:
    """The one definition of "a BAM is due on `day`", as a filter on members (reached
    through `via`, e.g. "member__" from a reminder schedule): no result of theirs whose next
    due day is still ahead, and joined at least FIRST_DUE_AFTER before."""
    ref = OuterRef(f"{via}pk" if via else "pk")
    ahead = BamResult.objects.filter(member=ref, next_due_on__gt=day)
    joined = Q(**{f"{via}date_joined__date__lte": day - FIRST_DUE_AFTER})
    return joined & ~Q(Exists(ahead))


def is_due(member: User, day: date | None = None) -> bool:
    """`due_q` for one member, on their own local day unless told (one query)."""
    day = day or local_date(member.timezone)
    return User.objects.filter(due_q(day), pk=member.pk).exists()


def next_due(member: User, completed_on: date) -> date:
    return completed_on + timedelta(days=cadence_days(member))


@dataclass(frozen=True)
class Summary:
    """What the member's check-up card says: due, started, and the last result's scores."""

    due: bool
    in_progress: bool
    latest: BamResult | None


SUMMARY_FIELDS = ("local_date", "use", "risk", "protective", "next_due_on")


def summary(member: User) -> Summary:
    """The card's facts in one query (it sits on the plan overview and Today, whose query
    counts are held constant; measures.card keeps them for a few minutes)."""
    return summary_from(member, summary_row(member, local_date(member.timezone)))


def summary_row(member: User, today: date) -> dict[str, Any]:
    """`summary`'s one query, as plain values (what measures.card keeps)."""
    newest = BamResult.objects.filter(member=OuterRef("pk")).order_by("-completed_at", "-pk")
    row = (
        User.objects.filter(pk=member.pk)
        .annotate(
            bam_due=ExpressionWrapper(due_q(today), output_field=BooleanField()),
            bam_started=Exists(BamAttempt.objects.filter(member=OuterRef("pk"))),
            **{f"bam_{f}": Subquery(newest.values(f)[:1]) for f in SUMMARY_FIELDS},
        )
        .values("bam_due", "bam_started", *(f"bam_{f}" for f in SUMMARY_FIELDS))
        .first()
    )
    return {"day": today, **(row or {})}


def summary_from(member: User, row: dict[str, Any]) -> Summary:
    if "bam_due" not in row:
        return Summary(False, False, None)
    latest = None
    if row["bam_local_date"] is not None:
        latest = BamResult(member=member, **{f: row[f"bam_{f}"] for f in SUMMARY_FIELDS})
    return Summary(bool(row["bam_due"]), bool(row["bam_started"]), latest)
