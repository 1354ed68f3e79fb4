"""Check-in reminders"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from messaging.models import Channel, Delivery

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
    # A notification on each phone the member subscribed (messaging.PushSubscription).
    by_push = models.BooleanField(_("notification on a phone"), default=False)
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
                condition=Q(by_email=True) | Q(by_sms=True) | Q(in_app=True) | Q(by_push=True),
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
                (Channel.EMAIL, self.by_email),
                (Channel.SMS, self.by_sms),
                (Channel.APP, self.in_app),
                (Channel.PUSH, self.by_push),
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

    def is_paused_on(self, day: date) -> bool:
        """No reminder on `day`: a pause runs up to and including its last day."""
        return self.paused_until is not None and day <= self.paused_until

    def pause_as_of(self, today: date) -> date | None:
        """The pause's last day while it still applies; a pause that has run out is none."""
        return self.paused_until if self.is_paused_on(today) else None

    @staticmethod
    def paused_on_q(day: date, via: str = "") -> Q:
        """`is_paused_on` for a query, reached through `via` (e.g. "member__reminder_settings__").

        Use with exclude(): members without settings are then never paused, as above.
        """
        return Q(**{f"{via}paused_until__gte": day})


class ReminderKind(models.TextChoices):
    """What a reminder slot is for. One schedule (the member's own times, days, channels,
    quiet hours and pause) carries both: a member sets their reminders once."""

    CHECKIN = "checkin", _("Check-in")
    # The Brief Addiction Monitor, when the member's program cadence says one is due
    # (measures.models.due_q); at most one a day, and one a BAM_GAP (reminders.dispatch).
    BAM = "bam", _("Check-up (BAM)")


class SkipReason(models.TextChoices):
    """Why a slot was recorded but not sent; otherwise a slot's status is its delivery's."""

    LATE = "late", _("Skipped: too late to be useful")
    QUIET = "quiet", _("Skipped: quiet hours")
    CHECKED_IN = "checked_in", _("Not needed: already checked in")
    PAUSED = "paused", _("Skipped: reminders paused")
    ANSWERED = "answered", _("Not needed: check-up already answered")


class ReminderDelivery(models.Model):
    """One reminder slot on one channel: the row that makes "at most once" true.

    A slot is a schedule's local day; the unique constraint means a second dispatch of the
    same minute, an edited schedule or a repeated local time (DST) cannot add another.
    The message itself is a Delivery in the outbox (same id), sent like every other.
    """

    delivery = models.OneToOneField(
        Delivery, on_delete=models.CASCADE, primary_key=True, related_name="reminder_slot"
    )
    schedule = models.ForeignKey(
        ReminderSchedule, on_delete=models.CASCADE, related_name="deliveries"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    local_date = models.DateField(_("day"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    kind = models.CharField(
        _("reminder of"), max_length=8, choices=ReminderKind.choices, default=ReminderKind.CHECKIN
    )
    due_at = models.DateTimeField(_("due"))
    skip = models.CharField(
        _("not sent because"), max_length=12, choices=SkipReason.choices, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "local_date", "channel", "kind"], name="reminder_once_per_slot"
            ),
            # A member with two reminder times gets one BAM reminder a day, at the first.
            models.UniqueConstraint(
                fields=["member", "local_date", "channel"],
                condition=Q(kind="bam"),
                name="reminder_bam_once_a_day",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "-due_at"], name="reminder_member_idx"),
            models.Index(fields=["due_at"], name="reminder_due_idx"),
            models.Index(fields=["created_at"], name="reminder_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} reminder {self.local_date} of member {self.member_id}"

    @property
    def status(self) -> str:
        return self.skip or self.delivery.status

    # What the outbox recorded about sending it.
    @property
    def attempts(self) -> int:
        return self.delivery.attempts

    @property
    def error(self) -> str:
        return self.delivery.error

    @property
    def provider_id(self) -> str:
        return self.delivery.provider_id

    @property
    def sent_at(self) -> datetime | None:
        return self.delivery.sent_at


class TickMark(models.Model):
    """Where a periodic job got to, so that a tick after an outage covers the gap."""

    name = models.CharField(max_length=40, primary_key=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M}"
