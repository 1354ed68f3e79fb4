"""The alumni network"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Program


class AlumniGroup(models.Model):
    name = models.CharField(_("name"), max_length=120)
    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.PROTECT)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("coordinators"), related_name="coordinated_groups"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("alumni group")
        verbose_name_plural = _("alumni groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="group_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    group = models.ForeignKey(AlumniGroup, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_on = models.DateField(_("joined"), default=timezone.localdate)
    completed_treatment_on = models.DateField(_("completed treatment"), null=True, blank=True)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="group_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.group_id}"


class EventKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    SOCIAL = "social", _("Sober social event")
    WORKSHOP = "workshop", _("Workshop")


class EventQuerySet(models.QuerySet["Event"]):
    def with_places(self) -> EventQuerySet:
        """Annotate `taken`: the places taken (RSVPs), which `is_full` reads."""
        return self.annotate(taken=Count("rsvps", distinct=True))


class Event(models.Model):
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    group = models.ForeignKey(
        AlumniGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="events"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["group", "starts_at"], name="event_group_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def full_with(self, taken: int) -> bool:
        """No place left once `taken` places are taken (an event without a limit never fills)."""
        return self.capacity is not None and taken >= self.capacity

    @property
    def is_full(self) -> bool:
        """For an event from `Event.objects.with_places()`."""
        annotated: Any = self
        return self.full_with(annotated.taken)


class Rsvp(models.Model):
    """A member's place at an event, and whether they came (recorded by a coordinator)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps"
    )
    created_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="rsvp_once")]
        indexes = [models.Index(fields=["member", "attended"], name="rsvp_member_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.event_id}"


class PeerPairingQuerySet(models.QuerySet["PeerPairing"]):
    def open(self) -> PeerPairingQuerySet:
        """Not ended: proposed, half agreed or active (a member has at most one)."""
        return self.filter(PeerPairing.open_q())

    def active(self) -> PeerPairingQuerySet:
        """Both people said yes and nobody ended it: the peer is the member's supporter."""
        return self.filter(PeerPairing.active_q())

    def ended(self) -> PeerPairingQuerySet:
        return self.exclude(PeerPairing.open_q())


class PeerPairing(models.Model):
    """A coordinator proposes; both the member and the peer agree in the app; either can end it."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_pairings"
    )
    peer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_of"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    member_agreed_at = models.DateTimeField(null=True, blank=True)
    peer_agreed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = PeerPairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("peer pairing")
        verbose_name_plural = _("peer pairings")
        constraints = [
            models.CheckConstraint(condition=~Q(member=models.F("peer")), name="peer_not_self"),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_at__isnull=True),
                name="one_open_pairing_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.peer_id} supports {self.member_id}"

    @staticmethod
    def open_q(via: str = "") -> Q:
        """`is_open` for a query, reached through `via` (e.g. "peer_of__")."""
        return Q(**{f"{via}ended_at__isnull": True})

    @staticmethod
    def active_q(via: str = "") -> Q:
        """`is_active` for a query, reached through `via`."""
        agreed = Q(
            **{f"{via}member_agreed_at__isnull": False, f"{via}peer_agreed_at__isnull": False}
        )
        return PeerPairing.open_q(via) & agreed

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def is_active(self) -> bool:
        return self.is_open and bool(self.member_agreed_at and self.peer_agreed_at)


class OutreachMethod(models.TextChoices):
    CALL = "call", _("Call")
    TEXT = "text", _("Text")
    EMAIL = "email", _("Email")
    IN_PERSON = "in_person", _("In person")


class OutreachOutcome(models.TextChoices):
    REACHED = "reached", _("Reached them")
    MESSAGE = "message", _("Left a message")
    NO_ANSWER = "no_answer", _("No answer")
    DECLINED = "declined", _("Not now, thanks")


class Outreach(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outreach"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("how"), max_length=10, choices=OutreachMethod.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=OutreachOutcome.choices)
    note = models.CharField(_("note (no health details)"), max_length=300, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_done = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("outreach attempt")
        verbose_name_plural = _("outreach attempts")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="outreach_member_idx"),
            models.Index(
                fields=["follow_up_on"], condition=Q(follow_up_done=False), name="outreach_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} to {self.member_id}"
