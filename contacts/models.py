"""Support contacts, what was sent to them, and the alumni network."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import validate_phone, validate_single_line
from messaging.models import Delivery


class Relationship(models.TextChoices):
    SPONSOR = "sponsor", _("Sponsor")
    COUNSELOR = "counselor", _("Counselor")
    THERAPIST = "therapist", _("Therapist")
    FAMILY = "family", _("Family")
    FRIEND = "friend", _("Friend")
    PEER = "peer", _("Peer")
    TREATMENT_CENTER = "center", _("Treatment center")
    OTHER = "other", _("Other")


class BestWay(models.TextChoices):
    """How the member reaches this person themselves (not how Waypoint sends)."""

    CALL = "call", _("Call")
    TEXT = "sms", _("Text")
    EMAIL = "email", _("Email")


class SupportContact(models.Model):
    """A person the member can reach, in the member's own order."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_contacts"
    )
    name = models.CharField(_("name"), max_length=80)
    relationship = models.CharField(
        _("who they are to you"), max_length=16, choices=Relationship.choices
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("email"), blank=True)
    preferred_channel = models.CharField(
        _("best way to reach them"), max_length=8, choices=BestWay.choices, default=BestWay.CALL
    )
    best_times = models.CharField(_("best times to reach them"), max_length=120, blank=True)
    may_be_told = models.BooleanField(
        _("they agreed to hear from Waypoint when I may need support"), default=False
    )
    # The member's own choice, apart from the contact's agreement: off until they turn it
    # on, so nobody is messaged on their behalf without them knowing (the "I'm struggling"
    # screen, where the member picks each time, does not need it).
    auto_alerts = models.BooleanField(
        _("Message them automatically when my check-ins show I may need support"),
        default=False,
    )
    approved_message = models.CharField(
        _("the message they would get"),
        max_length=160,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            'Short and without health details, for example: "Alex could use a call from you today."'
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # A failed message is shown until the member edits the contact (a fixed number).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("support contact")
        verbose_name_plural = _("support contacts")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["member", "position"], name="contact_member_order_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="", email=""),
                name="contact_has_a_way_to_reach",
                # The form's words too: the form leaves this rule to the constraint.
                violation_error_message=_(
                    "Add a phone number or an email address, so you can reach them."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def erase_messages(self) -> None:
        """Before the contact goes: keep that something was sent, not what or where to."""
        Delivery.objects.filter(contact_link__contact=self).update(text="", address="")


class ContactDelivery(models.Model):
    """Which support contact a delivery went to.

    Owned here because messaging sits below contacts: the outbox knows people as users and
    addresses; the link to a member's contact belongs to the app that has contacts.
    """

    delivery = models.OneToOneField(
        Delivery, on_delete=models.CASCADE, primary_key=True, related_name="contact_link"
    )
    contact = models.ForeignKey(
        SupportContact, on_delete=models.CASCADE, related_name="delivery_links"
    )

    class Meta:
        verbose_name = _("message to a contact")
        verbose_name_plural = _("messages to contacts")
        indexes = [models.Index(fields=["contact", "delivery"], name="contact_delivery_idx")]

    def __str__(self) -> str:
        return f"Delivery {self.delivery_id} to contact {self.contact_id}"
