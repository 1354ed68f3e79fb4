"""A member's living relapse-prevention plan, its versions and counselor reviews.

The current plan is one JSON document per member (`Plan.content`), shaped by
plans/sections.py: {section key: [items]} for list sections (each item has a
stable "id" so a diff can tell rewording from replacing) and {section key:
{field: value}} for prompt sections. Every saved change writes an immutable
PlanVersion holding the whole plan as it was then.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.append_only import AppendOnlyModel
from plans.sections import BY_KEY, SECTIONS


class Plan(models.Model):
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="plan",
    )
    content = models.JSONField(_("content"), default=dict)
    finished_sections = models.JSONField(_("finished sections"), default=list)
    revision = models.PositiveIntegerField(_("current version"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"Plan of member {self.member_id}"

    def items(self, key: str) -> list[dict[str, Any]]:
        value = self.content.get(key)
        return value if isinstance(value, list) else []

    def answers(self, key: str) -> dict[str, Any]:
        value = self.content.get(key)
        return value if isinstance(value, dict) else {}

    @property
    def is_complete(self) -> bool:
        return all(section.key in self.finished_sections for section in SECTIONS)

    @property
    def section_count(self) -> int:
        return len(SECTIONS)

    @property
    def finished_count(self) -> int:
        return sum(section.key in self.finished_sections for section in SECTIONS)


class PlanVersion(AppendOnlyModel):
    """The whole plan as saved at one moment. Never changed, never deleted."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    sections = models.JSONField(_("sections changed"), default=list)
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"v{self.number} of plan {self.plan_id}"

    @property
    def section_titles(self) -> list[str]:
        return [str(BY_KEY[key].title) for key in self.sections if key in BY_KEY]


class ReviewStatus(models.TextChoices):
    REVIEWED = "reviewed", _("Reviewed")
    CHANGES_SUGGESTED = "changes_suggested", _("Changes suggested")


class PlanReview(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="reviews"
    )
    version_number = models.PositiveIntegerField(_("version reviewed"))
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counselor"), on_delete=models.PROTECT
    )
    status = models.CharField(_("outcome"), max_length=20, choices=ReviewStatus.choices)
    note = models.TextField(_("note to the member"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("reviewed"), default=timezone.now)

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["plan", "-created_at"], name="plan_review_latest_idx")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} v{self.version_number}"


class PlanComment(models.Model):
    """A counselor's comment on one section, shown to the member beside it."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="comments"
    )
    section = models.CharField(
        _("section"), max_length=32, choices=[(s.key, s.title) for s in SECTIONS]
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT
    )
    body = models.TextField(_("comment"), max_length=1000)
    version_number = models.PositiveIntegerField(_("on version"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("plan comment")
        verbose_name_plural = _("plan comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["plan", "section"], name="plan_comment_section_idx")]

    def __str__(self) -> str:
        return f"Comment on {self.section} of plan {self.plan_id}"
