"""Warning-stage alerts"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.stages import Stage


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


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
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
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
    note = models.TextField(_("note"), max_length=1000, blank=True)  # at acknowledgement
    # Kept apart from the acknowledgement's note: resolving never erases what was written.
    resolution_note = models.TextField(_("resolution note"), max_length=1000, blank=True)
    # Signals that arrived since the care team last looked (opened or acknowledged), each
    # with when it came: the inbox marks them "new since you looked". [{"code", "explanation", "at"}]
    new_signals = models.JSONField(_("new since acknowledged"), default=list, blank=True)
    # A new signal the care team has not been told about yet (the repeat window held it
    # back); the sweep tells them once the window has passed. None: nothing waiting.
    news_at = models.DateTimeField(_("news waiting since"), null=True, blank=True)
    # When a new signal re-opened the alert after it was acknowledged.
    reopened_at = models.DateTimeField(_("re-opened"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated to on call"), null=True, blank=True)
    # Set once the people to tell about a new alert were told (a sweep catches a lost task).
    notified_at = models.DateTimeField(_("people told"), null=True, blank=True)
    # May the rules message supporters who agreed? Not when the member is choosing whom to
    # tell ("I'm struggling"): kept on the alert so a notify task re-sent by the sweep after
    # a lost one still honours the member's choice.
    tell_supporters = models.BooleanField(default=True)

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

    @property
    def new_since_looked(self) -> list[tuple[datetime, dict[str, Any]]]:
        """When each new signal came and the signal, oldest first (for the inbox, which says
        it with the `sentence` filter)."""
        return [(datetime.fromisoformat(s["at"]), s) for s in self.new_signals]


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
        "messaging.Delivery", on_delete=models.PROTECT, related_name="alert_notice"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When the member was shown that this supporter was messaged on their behalf (None:
    # not yet; set at once when the member picked them on the "I'm struggling" screen).
    seen_by_member_at = models.DateTimeField(null=True, blank=True)

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
    # Set once the rules have read it: an unread one is a new event for its alert.
    evaluated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("struggling now")
        verbose_name_plural = _("struggling now")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["member", "-local_date"], name="struggle_member_idx")]

    def __str__(self) -> str:
        return f"Struggling {self.local_date} of member {self.member_id}"
