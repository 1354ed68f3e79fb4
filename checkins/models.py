"""Daily HALT check-ins and reports of a return to use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HALT_SCALE = [(0, _("None")), (1, _("A little")), (2, _("Quite")), (3, _("Very"))]
HIGH = 2  # "quite" or "very"


class Medication(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_PRESCRIBED = "none", _("Not prescribed")


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
    mood = models.PositiveSmallIntegerField(_("mood (1-5)"))
    sleep_hours = models.DecimalField(_("hours slept"), max_digits=3, decimal_places=1)
    medication = models.CharField(
        _("maintenance medication today"), max_length=4, choices=Medication.choices
    )
    support_contact = models.BooleanField(_("support contact or meeting today"))
    used_today = models.BooleanField(_("used today"), default=False)
    # Snapshots of the plan's warning signs ({"id", "text", "stage"}), so later plan edits
    # do not change what was noticed that day.
    noticed_signs = models.JSONField(_("warning signs noticed"), default=list, blank=True)
    note = models.TextField(_("private note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    # Set when the warning-stage rules have read this version; the sweep finds NULLs.
    evaluated_at = models.DateTimeField(null=True, blank=True)

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

    @property
    def halt_total(self) -> int:
        return self.hungry + self.angry + self.lonely + self.tired


class UseKind(models.TextChoices):
    LAPSE = "lapse", _("A lapse (a single use)")
    RELAPSE = "relapse", _("A relapse (more than once, or back to regular use)")


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
    kind = models.CharField(_("what happened"), max_length=8, choices=UseKind.choices)
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


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


class AlertStage(models.TextChoices):
    EMOTIONAL = "emotional", _("Emotional stage")
    MENTAL = "mental", _("Mental stage")
    PHYSICAL = "physical", _("Physical stage")


STAGE_RANK = {AlertStage.PHYSICAL: 3, AlertStage.MENTAL: 2, AlertStage.EMOTIONAL: 1}


class AlertQuerySet(models.QuerySet["Alert"]):
    def unresolved(self) -> AlertQuerySet:
        return self.exclude(status=AlertStatus.RESOLVED)


class Alert(models.Model):
    """What the warning-stage rules found for one member at one stage, until resolved.

    At most one unresolved alert per (member, stage): new signals update it.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="alerts"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=AlertStage.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    signals = models.JSONField(_("signals"), default=list)  # [{"code", "explanation"}]
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    updated_at = models.DateTimeField(_("last signal"), default=timezone.now)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated to on call"), null=True, blank=True)
    # Set once the people to tell about a new alert were told (a sweep catches a lost task).
    notified_at = models.DateTimeField(_("people told"), null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "stage"],
                condition=~Q(status="resolved"),
                name="alert_one_unresolved_per_stage",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "stage", "opened_at"], name="alert_inbox_idx"),
            models.Index(fields=["member", "status"], name="alert_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.stage} alert {self.pk} of member {self.member_id}"


# --- Reminders ---------------------------------------------------------------------------

WEEKDAY_NAMES = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]
EVERY_DAY = 0b1111111  # bit n is date.weekday() == n


class ReminderSchedule(models.Model):
    """One daily reminder time, as local wall-clock time in the member's time zone."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_schedules"
    )
    local_time = models.TimeField(_("time"))
    weekdays = models.PositiveSmallIntegerField(_("days"), default=EVERY_DAY)
    by_email = models.BooleanField(_("email"), default=True)
    by_sms = models.BooleanField(_("text message"), default=False)
    in_app = models.BooleanField(_("in Waypoint"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # A slot that passed before the schedule had its present form is not caught up.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["local_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekdays__gte=1, weekdays__lte=EVERY_DAY), name="reminder_has_a_day"
            ),
            models.CheckConstraint(
                condition=Q(by_email=True) | Q(by_sms=True) | Q(in_app=True),
                name="reminder_has_a_channel",
            ),
            models.UniqueConstraint(fields=["member", "local_time"], name="reminder_time_once"),
        ]
        # Dispatch asks "whose reminder time falls in this minute": time first.
        indexes = [models.Index(fields=["local_time", "member"], name="reminder_time_idx")]

    def __str__(self) -> str:
        return f"Reminder {self.pk} of member {self.member_id}"

    def on_weekday(self, weekday: int) -> bool:
        return bool(self.weekdays & (1 << weekday))

    @property
    def channels(self) -> list[str]:
        return [
            channel
            for channel, chosen in (
                (ReminderChannel.EMAIL, self.by_email),
                (ReminderChannel.SMS, self.by_sms),
                (ReminderChannel.APP, self.in_app),
            )
            if chosen
        ]


class ReminderSettings(models.Model):
    """What applies to all of a member's reminders: quiet hours and a pause."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reminder_settings",
    )
    quiet_from = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet until"), null=True, blank=True)
    paused_until = models.DateField(
        _("pause reminders until"),
        null=True,
        blank=True,
        help_text=_("No reminders up to and including this day."),
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(quiet_from__isnull=True, quiet_until__isnull=True)
                | Q(quiet_from__isnull=False, quiet_until__isnull=False),
                name="reminder_quiet_hours_both_or_neither",
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder settings of member {self.member_id}"


class ReminderChannel(models.TextChoices):
    EMAIL = "email", _("email")
    SMS = "sms", _("text message")
    APP = "app", _("in Waypoint")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to send")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be delivered")
    LATE = "late", _("Skipped: too late to be useful")
    QUIET = "quiet", _("Skipped: quiet hours")
    CHECKED_IN = "checked_in", _("Not needed: already checked in")
    PAUSED = "paused", _("Skipped: reminders paused")


class ReminderDelivery(models.Model):
    """One reminder slot on one channel: the row that makes "at most once" true.

    A slot is a schedule's local day; the unique constraint means a second dispatch of the
    same minute, an edited schedule or a repeated local time (DST) cannot add another.
    """

    schedule = models.ForeignKey(
        ReminderSchedule, on_delete=models.CASCADE, related_name="deliveries"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    local_date = models.DateField(_("day"))
    channel = models.CharField(_("channel"), max_length=8, choices=ReminderChannel.choices)
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ReminderStatus.choices,
        default=ReminderStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_id = models.CharField(max_length=100, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "local_date", "channel"], name="reminder_once_per_slot"
            ),
        ]
        indexes = [
            models.Index(fields=["member", "-due_at"], name="reminder_member_idx"),
            models.Index(fields=["due_at"], name="reminder_due_idx"),  # the nightly purge
            models.Index(
                fields=["created_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="reminder_unfinished_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} reminder {self.local_date} of member {self.member_id}"


# --- Telling people about alerts ----------------------------------------------------------


class NoticeKind(models.TextChoices):
    COUNSELOR = "counselor", _("Counselor")
    CONTACT = "contact", _("Support contact")
    PEER = "peer", _("Peer supporter")
    ESCALATION = "escalation", _("On-call counselor")


class AlertNotice(models.Model):
    """Who was told about an alert, when and how. The message itself is the Delivery's."""

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(_("told"), max_length=12, choices=NoticeKind.choices)
    delivery = models.OneToOneField(
        "contacts.Delivery", on_delete=models.PROTECT, related_name="alert_notice"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("alert notice")
        verbose_name_plural = _("alert notices")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["alert", "kind"], name="notice_alert_idx")]

    def __str__(self) -> str:
        return f"{self.kind} notice for alert {self.alert_id}"


class StruggleReport(models.Model):
    """The member said "I'm struggling right now" from Get help now (before any use)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="struggle_reports"
    )
    local_date = models.DateField(_("day"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("struggling now")
        verbose_name_plural = _("struggling now")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["member", "-local_date"], name="struggle_member_idx")]

    def __str__(self) -> str:
        return f"Struggling {self.local_date} of member {self.member_id}"


class TickMark(models.Model):
    """Where a periodic job got to, so that a tick after an outage covers the gap."""

    name = models.CharField(max_length=40, primary_key=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M}"
