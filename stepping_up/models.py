"""A member's request for more support, and the counselor's recommendation that answers it.

A step up in care after a return to use is a strategic move, not starting over (DOMAIN.md,
"The first 24 hours", step 5). Both rows belong to the plan's part of the record (the
plan's care-level part): the access gate's plan scope decides who sees them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.sections import CARE_LEVELS
from stepping_up.levels import REQUEST_LEVELS

NOTE_LENGTH = 500
RECOMMENDATION_NOTE_LENGTH = 1000


class Origin(models.TextChoices):
    PLAN = "plan", _("From the plan")
    RETURN_TO_USE = "return_to_use", _("After a return to use")


class Outcome(models.TextChoices):
    TALK = "talk", _("Waiting to talk it over")
    STARTING = "starting", _("Getting started (intake, scheduling)")
    STARTED = "started", _("Started")
    DECLINED = "declined", _("Chose not to for now")
    UNAVAILABLE = "unavailable", _("Not available right now (waitlist, insurance)")
    STAYING = "staying", _("Staying at the current level")


class CareRequest(models.Model):
    """ "I'd like more support": the level the member has in mind, sent to their care team."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="care_requests",
    )
    level = models.CharField(_("level in mind"), max_length=20, choices=REQUEST_LEVELS)
    note = models.CharField(_("note"), max_length=NOTE_LENGTH, blank=True)
    origin = models.CharField(_("sent from"), max_length=16, choices=Origin.choices)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    # One recommendation answers every request still open when it is recorded, so the
    # link sits here: the inbox empties and no older request is left waiting for ever.
    answered_by = models.ForeignKey(
        "CareRecommendation",
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for more support")
        verbose_name_plural = _("requests for more support")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="care_request_latest_idx"),
            # The inbox and the double-tap check read only open requests.
            models.Index(
                fields=["member", "-created_at"],
                condition=Q(answered_at__isnull=True),
                name="care_request_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Care request {self.pk} of member {self.member_id}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class CareRecommendation(models.Model):
    """The counselor's recommended level of care, and what came of it."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="care_recommendations",
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counselor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("level of care"), max_length=20, choices=CARE_LEVELS)
    note = models.TextField(
        _("note to the member"), max_length=RECOMMENDATION_NOTE_LENGTH, blank=True
    )
    created_at = models.DateTimeField(_("recommended"), default=timezone.now)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.TALK
    )
    outcome_at = models.DateTimeField(_("outcome since"), default=timezone.now)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("outcome recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Today shows a card until the member opens their care page; a new outcome shows it again.
    seen_by_member_at = models.DateTimeField(_("seen by the member"), null=True, blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="care_rec_latest_idx"),
            models.Index(
                fields=["member"],
                condition=Q(seen_by_member_at__isnull=True),
                name="care_rec_unseen_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.pk} for member {self.member_id}"
