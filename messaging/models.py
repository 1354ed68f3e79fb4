"""The outbox"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    CALL = "call", _("Call")
    TEXT = "sms", _("Text")
    EMAIL = "email", _("Email")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to send")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be delivered")


class Delivery(models.Model):
    """One attempt to tell someone something: written before sending, updated after.

    The text is kept only while the contact exists; deleting a contact clears it.
    """

    channel = models.CharField(max_length=8, choices=Channel.choices)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_contact = models.ForeignKey(
        "contacts.SupportContact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The member the message is about, if any."),
    )
    purpose = models.CharField(max_length=40)
    address = models.CharField(max_length=254, blank=True)
    text = models.TextField(blank=True)
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_id = models.CharField(max_length=100, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["to_contact", "-created_at"], name="delivery_contact_idx"),
            models.Index(fields=["about", "purpose", "-created_at"], name="delivery_about_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.purpose} {self.status}"
