"""Texts members send in, the check-in conversation they are in, and their own two words."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A conversation left unfinished this long is over: the next text starts a new one.
CONVERSATION_LASTS = timedelta(hours=3)


class InboundText(models.Model):
    """One text that reached the webhook, stored before anything else happens.

    The gateway's message id is unique, so a delivery the gateway repeats is stored once and
    handled once. The body is health data: never logged, and emptied once handled.
    """

    message_id = models.CharField(max_length=100, unique=True)
    phone = models.CharField(max_length=20)
    text = models.TextField(max_length=1600, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_texts",
    )
    received_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("text received")
        verbose_name_plural = _("texts received")
        indexes = [
            models.Index(
                fields=["received_at"],
                condition=models.Q(handled_at__isnull=True),
                name="inboundtext_unhandled_idx",
            ),
            models.Index(fields=["phone", "-received_at"], name="inboundtext_phone_idx"),
        ]

    def __str__(self) -> str:
        return f"Inbound text {self.pk}"


class Step(models.TextChoices):
    CRAVING = "craving", _("Craving")
    HALT = "halt", _("Hungry, angry, lonely, tired")
    USED = "used", _("Use today")


class TextConversation(models.Model):
    """The member's check-in by text under way: one at a time, over once saved or stale."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="text_conversation"
    )
    step = models.CharField(max_length=8, choices=Step.choices, default=Step.CRAVING)
    answers = models.JSONField(default=dict, blank=True)
    # The question of this step was asked again once after a reply that was no answer.
    asked_again = models.BooleanField(default=False)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("check-in by text under way")
        verbose_name_plural = _("check-ins by text under way")

    def __str__(self) -> str:
        return f"Text conversation of member {self.member_id}"

    def is_stale(self, now: Any = None) -> bool:
        return (now or timezone.now()) - self.updated_at > CONVERSATION_LASTS


class TextSettings(models.Model):
    """The member's own words that, texted at any time, start "I'm struggling" or "I used"
    (a word that means nothing to anyone reading over their shoulder)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="text_settings",
    )
    struggling_word = models.CharField(
        _("your word for “I'm struggling”"), max_length=20, blank=True
    )
    used_word = models.CharField(_("your word for “I used”"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("text settings")
        verbose_name_plural = _("text settings")

    def __str__(self) -> str:
        return f"Text settings of member {self.member_id}"
