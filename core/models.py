"""The one model core keeps: which form renders have already been submitted.

It lives in core, below accounts, because every app's forms use it (accounts' own
sharing and invitation forms too). It names the user only through
settings.AUTH_USER_MODEL, as django.contrib.admin's LogEntry does, so core imports no
project app; its migration depends on the user model's, not the other way round.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A form render's key, claimed by the first submission of that render.

    A second submission with the same key (a double tap, the back button, a retry after a
    lost response) finds the row and is sent to the first one's result instead of saving
    again. Rows are operational, not anyone's record, and are purged after a day.
    """

    key = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    # A hash of what was posted: the same key with other answers is a new submission.
    fingerprint = models.CharField(max_length=64)
    result_url = models.CharField(max_length=500, blank=True)
    # The messages the first submission showed ([[level, text, tags], ...]), shown again.
    messages = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="form_submission_once"),
        ]
        indexes = [models.Index(fields=["created_at"], name="form_submission_created_idx")]

    def __str__(self) -> str:
        return f"Form submission {self.pk} by user {self.user_id}"


class Heartbeat(models.Model):
    """When a background process last showed it was alive: one row per kind of process.

    In the database, not the cache: under `make run` the cache lives in each process, so
    the web server would never see the worker's stamps (core.heartbeat says who writes).
    """

    name = models.CharField(primary_key=True, max_length=16)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"Heartbeat of {self.name}"
