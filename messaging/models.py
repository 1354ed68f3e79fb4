"""The outbox: one row per message to one person, whatever it is for.

A Delivery is written before anything is sent and moves only forward:

    pending -> sending -> sent | failed | skipped | unknown
       ^          |                                    |
       +----------+  (a passing fault with attempts    +-> sent (the worker's late news)
                      left, or a lease that ran out on a message safe to resend)

`unknown`: the worker's lease ran out while it was sending (it died, or the database failed
just after the send), so the message may or may not have gone. Staff read it as "may not
have been sent"; it is never counted as sent, nor as failed.

Each move is a conditional UPDATE that names the status it expects, so two workers can
never both claim a row, and a late duplicate finds nothing to do. Apps above messaging
link their own rows to a Delivery (an alert's notice, a reminder's slot, a support
contact) instead of messaging knowing about them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ERROR_LENGTH = 100
# The error a row carries after its claimer's lease ran out mid-send.
INTERRUPTED = "interrupted while sending"


class Channel(models.TextChoices):
    EMAIL = "email", _("email")
    SMS = "sms", _("text message")
    APP = "app", _("in Waypoint")
    PUSH = "push", _("notification on a phone")


class Purpose(models.TextChoices):
    REMINDER = "reminder", _("Check-in reminder")
    ALERT_COUNSELOR = "alert_counselor", _("Alert to the care team")
    ALERT_CONTACT = "alert_contact", _("Alert to a support contact")
    ALERT_PEER = "alert_peer", _("Alert to the peer supporter")
    ALERT_ESCALATION = "alert_escalation", _("Alert to on-call counselors")
    TELL_COUNSELOR = "tell_counselor", _("The member asked for their counselor")
    DRIFT_INVITE = "drift_invite", _("Invitation back")
    DRIFT_DIGEST = "drift_digest", _("Daily drift digest")
    CARE_REQUEST = "care_request", _("A member asked their care team for more support")
    CARE_NOTE = "care_note", _("The care team left the member a recommendation")
    PASSWORD_LINK = "password_link", _("A link to choose a new password")
    INVITATION = "invitation", _("An invitation to join")
    TEXT_REPLY = "text_reply", _("A reply to a member's text")
    TEXT_KEYWORD = "text_keyword", _("The answer to STOP, START or HELP")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to send")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be delivered")
    SKIPPED = "skipped", _("Not sent")
    UNKNOWN = "unknown", _("May not have been sent")


UNFINISHED = [DeliveryStatus.PENDING, DeliveryStatus.SENDING]


def unreachable_q(via: str = "") -> Q:
    """A delivery that failed for a reason the person can fix (a wrong number or address):
    what My people and the reminders page name. A passing fault that ran out of retries
    (our mail server was down) is ours to fix, not theirs. `via`: a relation prefix."""
    return Q(**{f"{via}status": DeliveryStatus.FAILED, f"{via}permanent": True})


def short_error(message: str) -> str:
    return message[:ERROR_LENGTH]


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    """The only ways a delivery's status changes. Each returns whether it moved."""

    def _move(self, pk: int, expected: str | tuple[str, ...], **fields: object) -> bool:
        statuses = (expected,) if isinstance(expected, str) else expected
        return self.filter(pk=pk, status__in=statuses).update(**fields) == 1

    def claim(self, pk: int, now: datetime) -> bool:
        """pending -> sending: this caller, and no other, sends it now."""
        return self._move(
            pk,
            DeliveryStatus.PENDING,
            status=DeliveryStatus.SENDING,
            attempts=F("attempts") + 1,
            claimed_at=now,
        )

    def mark_sent(self, pk: int, provider_id: str, now: datetime) -> bool:
        """sending -> sent; also unknown -> sent: a worker that outlived its lease still
        knows better than the sweep's guess."""
        return self._move(
            pk,
            (DeliveryStatus.SENDING, DeliveryStatus.UNKNOWN),
            status=DeliveryStatus.SENT,
            provider_id=provider_id[:100],
            error="",
            sent_at=now,
        )

    def mark_failed(self, pk: int, error: str, *, permanent: bool) -> bool:
        """sending -> failed, for good. `permanent`: the address itself will never work."""
        return self._move(
            pk,
            DeliveryStatus.SENDING,
            status=DeliveryStatus.FAILED,
            error=short_error(error),
            permanent=permanent,
        )

    def mark_retry(self, pk: int, error: str, at: datetime) -> bool:
        """sending -> pending after a passing fault: tried again from `at`."""
        return self._move(
            pk,
            DeliveryStatus.SENDING,
            status=DeliveryStatus.PENDING,
            error=short_error(error),
            next_attempt_at=at,
        )

    def mark_unknown(self, pk: int, error: str) -> bool:
        """sending -> unknown: stopped mid-send, so it may have gone out; never resent."""
        return self._move(
            pk, DeliveryStatus.SENDING, status=DeliveryStatus.UNKNOWN, error=short_error(error)
        )

    def mark_skipped(self, pk: int) -> bool:
        """sending -> skipped: the claimer found it is no longer wanted (its owner's rule)."""
        return self._move(pk, DeliveryStatus.SENDING, status=DeliveryStatus.SKIPPED)

    def skip_pending(self, ids: list[int]) -> list[int]:
        """pending -> skipped for many at once (set-based); returns the ids that moved."""
        found = list(
            self.filter(pk__in=ids, status=DeliveryStatus.PENDING).values_list("pk", flat=True)
        )
        self.filter(pk__in=found, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.SKIPPED
        )
        return list(
            self.filter(pk__in=found, status=DeliveryStatus.SKIPPED).values_list("pk", flat=True)
        )

    def settle_stuck(
        self,
        before: datetime,
        now: datetime,
        *,
        resend: bool,
        purposes: list[str],
        channels: Sequence[str] | None = None,
        attempts: int = 0,
    ) -> int:
        """Claimed before `before` and still `sending`: the claimer's lease ran out (it died
        mid-send, or could not record the outcome), so whether it went out is unknown.
        `resend`: back to pending while fewer than `attempts` were made, so a message that
        kills its worker every time is not resent for ever; otherwise unknown, "may not have
        been sent". `channels`: only rows of these channels (None: all)."""
        stuck = self.filter(
            status=DeliveryStatus.SENDING, claimed_at__lt=before, purpose__in=purposes
        )
        if channels is not None:
            stuck = stuck.filter(channel__in=channels)
        if resend:
            return stuck.filter(attempts__lt=attempts).update(
                status=DeliveryStatus.PENDING, next_attempt_at=now, error=INTERRUPTED
            )
        return stuck.update(status=DeliveryStatus.UNKNOWN, error=INTERRUPTED)


class Delivery(models.Model):
    """One message to one person: written before sending, its outcome recorded after.

    The text is kept only while whoever it went to is on record: deleting a support contact
    erases the text and address of what was sent to them (contacts owns that link).
    """

    purpose = models.CharField(max_length=24, choices=Purpose.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The member the message is about, if any."),
    )
    address = models.CharField(max_length=254, blank=True)
    text = models.TextField(blank=True)
    # What the subject (made at sending) and any text composed at sending are written in:
    # the recipient's language when the message was recorded.
    language = models.CharField(max_length=8, default=settings.LANGUAGE_CODE)
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_id = models.CharField(max_length=100, blank=True)
    # Our own short words ("gateway answered 400") or an exception's class name: never a
    # message, an address or anything a person wrote.
    error = models.CharField(max_length=ERROR_LENGTH, blank=True)
    permanent = models.BooleanField(
        default=False, help_text=_("Failed because the address will never work.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When the sweep hands a pending row over (a send that was never handed over, or a retry).
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["about", "purpose", "-created_at"], name="delivery_about_idx"),
            models.Index(fields=["to_user", "purpose", "-created_at"], name="delivery_to_user_idx"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_pending_idx",
            ),
            models.Index(
                fields=["claimed_at"], condition=Q(status="sending"), name="delivery_sending_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.purpose} {self.status}"


# --- Consent to texts (STOP and START) ---------------------------------------------------


class TextConsentAction(models.TextChoices):
    STOP = "stop", _("Stopped texts")
    START = "start", _("Started texts again")


class TextConsent(models.Model):
    """Each STOP and START a phone number sent: the consent to texts carriers require us to
    keep and honour. By number, not by person: a support contact who replies STOP to an
    alert's text is opted out too. The newest row decides (`opted_out`); the outbox reads
    it before every text (messaging.outbox), so nothing reaches a number that said STOP
    except the one confirmation carriers require."""

    phone = models.CharField(_("phone"), max_length=20)
    # The member the number belonged to then, when it was a member's: their consent.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="text_consents",
    )
    action = models.CharField(_("what they sent"), max_length=5, choices=TextConsentAction.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("consent to texts")
        verbose_name_plural = _("consents to texts")
        indexes = [models.Index(fields=["phone", "-at"], name="textconsent_phone_idx")]

    def __str__(self) -> str:
        return f"Text consent {self.pk}: {self.action}"


def opted_out(phone: str) -> bool:
    """Whether the number's newest word was STOP (one indexed query)."""
    newest = (
        TextConsent.objects.filter(phone=phone)
        .order_by("-at", "-pk")
        .values_list("action", flat=True)
        .first()
    )
    return newest == TextConsentAction.STOP


class PushSubscription(models.Model):
    """One device (a phone's browser) a member asked to get reminders on as notifications.

    The endpoint is the push service's address for that one device: a secret, as good as
    the right to notify it, so it is never logged, shown to staff or put in a URL. A member
    may have several devices; signing out leaves them (the member's choice of device),
    closing the account deletes them (home.closing)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    # The browser's keys (base64url): p256dh, its public key; auth, the shared secret.
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=40)
    # Which device, in the member's own words for it ("Chrome on Android"), to tell them apart.
    device = models.CharField(_("device"), max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notifications on a device")
        verbose_name_plural = _("notifications on devices")

    def __str__(self) -> str:
        return f"Push subscription {self.pk} of member {self.member_id}"

    def info(self) -> dict[str, object]:
        """What pywebpush needs to reach the device."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
