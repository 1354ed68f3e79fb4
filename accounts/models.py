"""People, care teams, consent and the audit trail."""

from __future__ import annotations

import hashlib
import operator
import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import reduce
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from core.append_only import AppendOnlyModel
from core.validators import validate_phone, validate_timezone


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    COUNSELOR = "counselor", _("Counselor")
    COORDINATOR = "coordinator", _("Alumni coordinator")


class Program(models.Model):
    """The treatment program that runs this deployment (and its tracks)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        # Email is the login and is matched without regard to case.
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("role", Role.COORDINATOR)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), max_length=254, unique=True)
    display_name = models.CharField(
        _("display name"), max_length=80, help_text=_("The name others in the program see.")
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="America/New_York", validators=[validate_timezone]
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    # Pages, emails and texts in this language. Empty until the person chooses or first
    # signs in, when the browser's language is kept (accounts.language.keep_browser_language).
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    program = models.ForeignKey(
        Program, verbose_name=_("program"), null=True, blank=True, on_delete=models.SET_NULL
    )
    program_messages = models.BooleanField(
        _("the program may send me messages"),
        default=False,
        help_text=_("For example an invitation back to group. Never about your health."),
    )
    volunteers_as_peer = models.BooleanField(
        _("I volunteer as a peer supporter"),
        default=False,
        help_text=_("Alumni who answer other members' calls and texts without judgment."),
    )
    on_call = models.BooleanField(
        _("on call"),
        default=False,
        help_text=_(
            "Counselors on call hear about alerts their clients' care team has not seen in time."
        ),
    )
    # A counselor's number for urgent alerts (physical stage, thoughts of self-harm) by
    # text, and the hours they take them, in their own time zone. No hours: any time.
    urgent_phone = models.CharField(
        _("number for urgent alerts by text"),
        max_length=20,
        blank=True,
        validators=[validate_phone],
        help_text=_("Texts say only that a client needs attention, never who or why."),
    )
    urgent_from = models.TimeField(_("texts from"), null=True, blank=True)
    urgent_until = models.TimeField(_("texts until"), null=True, blank=True)
    # A member's own start date (often the day they entered treatment): their counters and
    # milestones count from it, so leaving 90 days of residential care is not "day 1".
    recovery_began_on = models.DateField(
        _("the day my recovery began"),
        null=True,
        blank=True,
        help_text=_(
            "Optional. Your counters and milestones count from this day. A return to use "
            "never changes it."
        ),
    )
    is_staff = models.BooleanField(
        _("program admin"), default=False, help_text=_("Can use the admin site.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=now)
    # Set once when a member closes their account (home/closing.py): the row stays,
    # pseudonymised, so the audit trail that the law keeps still points at it.
    closed_at = models.DateTimeField(_("account closed"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
        ]
        indexes = [
            models.Index(fields=["role", "program"], name="user_role_program_idx"),
            # A text that arrives names only its number (texting.conversation).
            models.Index(fields=["phone"], condition=~Q(phone=""), name="user_phone_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    @property
    def is_member(self) -> bool:
        return self.role == Role.MEMBER

    @property
    def is_counselor(self) -> bool:
        return self.role == Role.COUNSELOR

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    def urgent_text_number(self, at: datetime | None = None) -> str:
        """The number to text an urgent alert to at `at` (now), or "" when none is set or
        it is outside the hours this person takes them. The hours are wall-clock times in
        their own time zone, so they hold across a DST change; hours that pass midnight
        (22:00 to 07:00) wrap."""
        if not self.urgent_phone:
            return ""
        start, end = self.urgent_from, self.urgent_until
        if start is None or end is None or start == end:
            return self.urgent_phone
        local = timezone.localtime(at or timezone.now(), ZoneInfo(self.timezone)).time()
        inside = start <= local < end if start < end else local >= start or local < end
        return self.urgent_phone if inside else ""


def program_today() -> date:
    """Today's date in the program's time zone (care-team dates are program dates)."""
    return timezone.localdate(timezone.now(), timezone.get_default_timezone())


class CareAssignmentQuerySet(models.QuerySet["CareAssignment"]):
    def active(self, on: date | None = None) -> CareAssignmentQuerySet:
        on = on or program_today()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), started_on__lte=on)


class CareAssignment(models.Model):
    """A counselor on a member's care team from started_on until ended_on (exclusive)."""

    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counselor"),
        on_delete=models.PROTECT,
        related_name="caseload",
        limit_choices_to={"role": Role.COUNSELOR},
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="care_team",
        limit_choices_to={"role": Role.MEMBER},
    )
    started_on = models.DateField(_("started on"), default=program_today)
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True, help_text=_("The first day without this link.")
    )

    objects = CareAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("care-team link")
        verbose_name_plural = _("care-team links")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="care_assignment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["counselor", "member"],
                condition=Q(ended_on__isnull=True),
                name="care_assignment_one_open_link",
            ),
        ]
        indexes = [
            models.Index(fields=["counselor", "member", "started_on"], name="care_counselor_idx"),
            models.Index(fields=["member", "started_on"], name="care_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.counselor} → {self.member}"


class Scope(models.TextChoices):
    """What part of a member's record a view shows."""

    PLAN = "plan", _("Relapse-prevention plan")
    CHECKINS = "checkins", _("Check-ins and reports of use")
    ALERTS = "alerts", _("Warning-stage alerts")
    ENGAGEMENT = "engagement", _("Engagement (checked in or not, attended or not)")


# What an audit event is about: a part of the record (the gate's scopes), or the account
# itself: sign-ins, second factors, an admin's view of or change to a person's account.
# Kept apart from Scope so the gate never has to answer for "account".
ACCOUNT_SCOPE = "account"
AUDIT_SCOPES = [*Scope.choices, (ACCOUNT_SCOPE, _("Account details and sign-in"))]
# Audit actions about signing in: the person's own, or attempts on their account. They are
# in the audit trail but not in "who saw my record", which lists other people's views.
SIGN_IN_ACTIONS = (
    "sign_in",
    "sign_in_failed",
    "sign_in_locked",
    "second_factor_verified",
    "second_factor_failed",
    "second_factor_enrolled",
    "second_factor_removed",
    "recovery_codes_renewed",
    "signed_out_idle",
    "password_set_from_link",
)

# Scopes a member can grant by consent; engagement needs none (see accounts/access.py).
CONSENT_SCOPES = (Scope.PLAN, Scope.CHECKINS, Scope.ALERTS)


class ConsentQuerySet(models.QuerySet["Consent"]):
    def active(self, at: datetime | None = None) -> ConsentQuerySet:
        """Signed, not revoked, not past its date. An event expiry ("while they work with me
        in the program") is the gate's to check, since it depends on the recipient's place."""
        at = at or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=at), revoked_at__isnull=True
        )

    def covering(self, scope: str) -> ConsentQuerySet:
        return self.covering_any([scope])

    def covering_any(self, scopes: Iterable[str]) -> ConsentQuerySet:
        """Consents that cover at least one of `scopes` (Consent.covers says which)."""
        return self.filter(reduce(operator.or_, (Q(**{_scope_field(s): True}) for s in scopes)))


def _scope_field(scope: str) -> str:
    """The consent's field that says whether it covers `scope` (one mapping, for the
    query and for `Consent.covers`)."""
    return f"scope_{scope}"


class ExpiryEvent(models.TextChoices):
    """An event that ends a consent (42 CFR 2.31(a)(6) allows a date, event or condition)."""

    WORKS_WITH_ME = "works_with_me", _("when this person no longer works with me in the program")


class Consent(models.Model):
    """A member's written permission for one person to see parts of their record.

    Holds every element 42 CFR 2.31 asks for (member, disclosing program, recipient,
    what, purpose, expiry, signature and date) and `text`, the exact words the member
    read and signed (accounts/consent.py writes them). Kept forever: revoking stamps
    revoked_at; the row is never deleted.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="consents_given",
    )
    # The program that discloses, by name as it was when the member signed.
    discloser = models.CharField(_("disclosing program"), max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared with"),
        on_delete=models.PROTECT,
        related_name="consents_received",
    )
    # The recipient's name as the member read it (a later rename does not change the act).
    recipient_name = models.CharField(_("recipient's name when signed"), max_length=80)
    scope_plan = models.BooleanField(_("my plan"), default=False)
    scope_checkins = models.BooleanField(_("my check-ins and reports of use"), default=False)
    scope_alerts = models.BooleanField(_("warning-stage alerts about me"), default=False)
    purpose = models.CharField(_("purpose"), max_length=200)
    signature = models.CharField(
        _("signature"), max_length=120, help_text=_("The member's name, typed as a signature.")
    )
    granted_at = models.DateTimeField(_("signed"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    expiry_event = models.CharField(
        _("ends with"), max_length=16, choices=ExpiryEvent.choices, blank=True
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    text = models.TextField(_("the words the member signed"))
    # The consent this one renews ("share again" after stopping): a new act, linked.
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewals",
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-granted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope_plan=True) | Q(scope_checkins=True) | Q(scope_alerts=True),
                name="consent_has_a_scope",
            ),
            models.CheckConstraint(
                condition=~Q(member=models.F("recipient")), name="consent_not_to_self"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("granted_at")),
                name="consent_expires_after_grant",
            ),
            # 2.31(a)(6): every consent ends, on a date or with an event, never "never".
            models.CheckConstraint(
                condition=(Q(expires_at__isnull=False) & Q(expiry_event=""))
                | (Q(expires_at__isnull=True) & Q(expiry_event__in=ExpiryEvent.values)),
                name="consent_has_one_expiry",
            ),
            models.CheckConstraint(
                condition=~Q(text="") & ~Q(signature="") & ~Q(discloser=""),
                name="consent_is_written_and_signed",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "member"],
                condition=Q(revoked_at__isnull=True),
                name="consent_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.recipient}"

    @property
    def scopes(self) -> list[Scope]:
        return [scope for scope in CONSENT_SCOPES if self.covers(scope)]

    def covers(self, scope: str) -> bool:
        """Does this consent cover `scope`? (As ConsentQuerySet.covering asks it in SQL.)"""
        return bool(getattr(self, _scope_field(scope)))

    def is_active(self, at: datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > at)

    def revoke(self) -> bool:
        """Revoke at once; True if this call revoked it (a second call changes nothing)."""
        now = timezone.now()
        updated = Consent.objects.filter(pk=self.pk, revoked_at__isnull=True).update(revoked_at=now)
        if updated:
            self.revoked_at = now
        return bool(updated)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Consents are kept as a record; revoke instead of deleting.")


REFUSED = "refused"  # the audit action of an attempt the gate turned away


def caseload_action(scope: str) -> str:
    """The audit action of the caseload's list view of one part of the record (home.views)."""
    return f"view_caseload_{scope}"


# "When did this counselor last look at or act on the client's record": every event of theirs
# but the caseload's own list rows (written on every visit, they would always say "today")
# and refused attempts. One definition, for the caseload's column and for its index.
CASELOAD_ACTIONS = tuple(caseload_action(scope) for scope in Scope)
LOOKED_OR_ACTED = ~Q(action__in=(*CASELOAD_ACTIONS, REFUSED))


class AuditEvent(AppendOnlyModel):
    """One view of (or change to) a member's record by someone else, or a refused attempt
    (action REFUSED). Append-only."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.PROTECT,
        related_name="audit_actions",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("whose record"),
        on_delete=models.PROTECT,
        related_name="audit_trail",
    )
    action = models.CharField(_("action"), max_length=64)
    scope = models.CharField(_("part of the record"), max_length=16, choices=AUDIT_SCOPES)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    ip = models.GenericIPAddressField(_("from IP"), null=True, blank=True)
    # The consent the view relied on (None: no consent was needed, e.g. the care team's
    # view of engagement, or the attempt was refused) and why, in the words then in force.
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("under consent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    purpose = models.CharField(_("why"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["member", "-at"], name="audit_member_at_idx"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at_idx"),
            # The caseload's "you last looked": an actor's latest event for each client.
            models.Index(
                fields=["actor", "member", "-at"],
                condition=LOOKED_OR_ACTED,
                name="audit_actor_member_at_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.member_id}"


def record_events(member: User) -> models.QuerySet[AuditEvent]:
    """What the trail says others did with (or tried on) the member's record: everything but
    the member's own sign-ins, which disclose nothing (the log and the accounting read this)."""
    return AuditEvent.objects.filter(member=member).exclude(action__in=SIGN_IN_ACTIONS)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def usable(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use, expiring link to join. Only a hash of the token is stored."""

    email = models.EmailField(_("email address"))
    display_name = models.CharField(_("name"), max_length=80, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    program = models.ForeignKey(
        Program, verbose_name=_("program"), null=True, blank=True, on_delete=models.SET_NULL
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="invitations_sent",
    )
    # NULL until the first email goes out; unique among those sent.
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("email sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(Lower("email"), name="invitation_email_ci_idx")]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    @classmethod
    def create(cls, *, email: str, role: str, invited_by: User, **fields: Any) -> Invitation:
        """Record an invitation; its token is made when the email goes out (new_token)."""
        # An older unused invitation to the same address stops working: one live link.
        cls.objects.usable().filter(email__iexact=email).update(expires_at=timezone.now())
        return cls.objects.create(
            email=email.lower(),
            role=role,
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=settings.WAYPOINT_INVITATION_DAYS),
            **fields,
        )

    def new_token(self) -> str:
        """Make a fresh token, keep only its hash, and return it for the email."""
        token = secrets.token_urlsafe(32)
        self.token_hash = _hash_token(token)
        self.save(update_fields=["token_hash"])
        return token

    @classmethod
    def find(cls, token: str) -> Invitation | None:
        return (
            cls.objects.filter(token_hash=_hash_token(token)).select_related("invited_by").first()
        )

    @property
    def joining_program(self) -> Program | None:
        """The program the invitee joins: the invitation's, else the inviter's."""
        return self.program or self.invited_by.program

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def claim(self) -> bool:
        """Mark used; True only for the one request that wins (a conditional UPDATE)."""
        now = timezone.now()
        won = Invitation.objects.filter(
            pk=self.pk, accepted_at__isnull=True, expires_at__gt=now
        ).update(accepted_at=now)
        if won:
            self.accepted_at = now
        return bool(won)
