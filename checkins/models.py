"""Daily HALT check-ins and reports of a return to use."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from checkins.progress import local_date

HALT_SCALE = [(0, _("None")), (1, _("A little")), (2, _("Quite")), (3, _("Very"))]
HIGH = 2  # "quite" or "very"
# The member taps a word; the number is what is stored and charted. Pages show the word.
MOOD_SCALE = [
    (1, _("Very low")),
    (2, _("Low")),
    (3, _("Okay")),
    (4, _("Good")),
    (5, _("Very good")),
]


def halt_high_count(hungry: int, angry: int, lonely: int, tired: int) -> int:
    """How many of the four HALT states were "quite" or "very" (the caseload's sparkline)."""
    return sum(answer >= HIGH for answer in (hungry, angry, lonely, tired))


class Medication(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_PRESCRIBED = "none", _("Not prescribed")


class Source(models.TextChoices):
    WEB = "web", _("In Waypoint")
    TEXT = "text", _("By text message")


class CheckInQuerySet(models.QuerySet["CheckIn"]):
    def on(self, member: User, day: date) -> CheckInQuerySet:
        """The member's check-in of that day of theirs (at most one)."""
        return self.filter(member=member, local_date=day)

    def today_of(self, member: User) -> CheckInQuerySet:
        """Today's check-in: the one of the day it is now where the member lives."""
        return self.on(member, local_date(member.timezone))


class CheckIn(models.Model):
    """One per member per local day (the member's own time zone); editable that day."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="checkins",
    )
    local_date = models.DateField(_("day"))
    hungry = models.PositiveSmallIntegerField(_("hungry"), choices=HALT_SCALE)
    angry = models.PositiveSmallIntegerField(_("angry"), choices=HALT_SCALE)
    lonely = models.PositiveSmallIntegerField(_("lonely"), choices=HALT_SCALE)
    tired = models.PositiveSmallIntegerField(_("tired"), choices=HALT_SCALE)
    craving = models.PositiveSmallIntegerField(_("craving (0-10)"))
    # A check-in by text asks only craving, HALT and use: these four are None, "not asked".
    mood = models.PositiveSmallIntegerField(
        _("mood (1-5)"), choices=MOOD_SCALE, null=True, blank=True
    )
    sleep_hours = models.DecimalField(
        _("hours slept"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    medication = models.CharField(  # noqa: DJ001 (None is "not asked", as for the others)
        _("maintenance medication today"),
        max_length=4,
        choices=Medication.choices,
        null=True,
        blank=True,
    )
    support_contact = models.BooleanField(
        _("support contact or meeting today"), null=True, blank=True
    )
    used_today = models.BooleanField(_("used today"), default=False)
    # The optional screening question (checkins.forms SELF_HARM_QUESTION): None when skipped.
    self_harm = models.BooleanField(_("thoughts of self-harm"), null=True, blank=True)
    # Snapshots of the plan's warning signs ({"id", "text", "stage"}), so later plan edits
    # do not change what was noticed that day.
    noticed_signs = models.JSONField(_("warning signs noticed"), default=list, blank=True)
    note = models.TextField(_("private note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    source = models.CharField(
        _("checked in"), max_length=4, choices=Source.choices, default=Source.WEB
    )
    # Set when the warning-stage rules have read this version; the sweep finds NULLs.
    evaluated_at = models.DateTimeField(null=True, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(fields=["member", "local_date"], name="checkin_one_per_day"),
            models.CheckConstraint(
                condition=Q(hungry__lte=3, angry__lte=3, lonely__lte=3, tired__lte=3),
                name="checkin_halt_range",
            ),
            models.CheckConstraint(condition=Q(craving__lte=10), name="checkin_craving_range"),
            models.CheckConstraint(
                condition=Q(mood__gte=1, mood__lte=5), name="checkin_mood_range"
            ),
            models.CheckConstraint(
                condition=Q(sleep_hours__gte=0, sleep_hours__lte=24), name="checkin_sleep_range"
            ),
        ]
        indexes = [
            models.Index(fields=["member", "-local_date"], name="checkin_member_day_idx"),
            models.Index(
                fields=["updated_at"],
                condition=Q(evaluated_at__isnull=True),
                name="checkin_unevaluated_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in of member {self.member_id} on {self.local_date}"

    def validate_constraints(self, exclude: Any = None) -> None:
        # The form fields hold every answer to its range and the database checks
        # again on save; Django's one SELECT per constraint would buy nothing here.
        # One day per member is settled by the unique constraint (see checkins.views).
        return

    def mark_changed(self) -> None:
        """Every save of new answers, by the form or by text: the rules read it again."""
        self.updated_at = timezone.now()
        self.evaluated_at = None

    @property
    def halt_total(self) -> int:
        return self.hungry + self.angry + self.lonely + self.tired

    @property
    def halt_high(self) -> int:
        return halt_high_count(self.hungry, self.angry, self.lonely, self.tired)


class UseKind(models.TextChoices):
    LAPSE = "lapse", _("A lapse (a single use)")
    RELAPSE = "relapse", _("A relapse (back to regular or uncontrolled use)")


class UseReport(models.Model):
    """A member's own report of a return to use, and later their reflection on it."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="use_reports",
    )
    occurred_at = models.DateTimeField(_("when"))
    local_date = models.DateField(_("day (member's time zone)"))
    # Blank until the member says: the first tap ("I used") records the report at once.
    kind = models.CharField(_("what happened"), max_length=8, choices=UseKind.choices, blank=True)
    substance = models.CharField(_("substance (optional)"), max_length=100, blank=True)
    notes = models.TextField(_("notes (optional)"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    # "Get curious, not critical": filled in later, when the member is ready.
    before = models.TextField(_("what was happening before"), max_length=2000, blank=True)
    halt_then = models.JSONField(_("HALT then"), default=dict, blank=True)
    trigger = models.CharField(_("the trigger"), max_length=200, blank=True)
    dropped_routine = models.CharField(_("routine I had dropped"), max_length=200, blank=True)
    will_change = models.TextField(_("what I will change"), max_length=1000, blank=True)
    reflected_at = models.DateTimeField(_("reflected"), null=True, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report of use")
        verbose_name_plural = _("reports of use")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["member", "-occurred_at"], name="usereport_member_idx"),
            models.Index(
                fields=["created_at"],
                condition=Q(evaluated_at__isnull=True),
                name="usereport_unevaluated_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Report {self.pk} of member {self.member_id}"


# --- Reminders ---------------------------------------------------------------------------


# --- Telling people about alerts ----------------------------------------------------------
