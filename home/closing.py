"""Closing a member's account: erase their health data and people, keep what the law needs.

Kept: the audit trail (who saw the record, when, why, under which consent: about six years,
HIPAA 45 CFR 164.530(j)), the consents as signed (the authority for those views), the
care-team links (who was responsible when) and the outbox's record that a message went
out (purpose, channel, when; never its words or address). The person's row stays too,
pseudonymised and inactive, so all of that still points at one record.
Erased: the plan with every version, review and comment; check-ins; reports of use;
"I'm struggling"; alerts and who was told; support contacts; reminders and the phones
subscribed to them as notifications; groups, RSVPs, peer pairings and outreach; the words
and addresses of every message to or about them.
Lives in home because it reaches every app.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import AuditEvent, Consent, Invitation, Scope, User
from alerts.models import Alert, AlertNotice, StruggleReport
from alumni.models import GroupMembership, Outreach, PeerPairing, Rsvp
from checkins.models import CheckIn, UseReport
from contacts.models import SupportContact
from measures.models import BamAttempt, BamResult
from messaging.models import Delivery, DeliveryStatus, PushSubscription
from plans.versions import erase_plan
from reminders.models import ReminderSchedule, ReminderSettings
from texting.models import InboundText, TextConversation, TextSettings

CLOSED_DOMAIN = "closed.invalid"  # RFC 2606: an address that can never receive mail


def pseudonym(member_id: int) -> tuple[str, str]:
    """The name and email a closed account keeps: unique, linked to nothing outside."""
    return f"Former member {member_id}", f"closed-{member_id}@{CLOSED_DOMAIN}"


def close_account(member: User) -> bool:
    """Close the account once; True if this call closed it (a second call does nothing)."""
    now = timezone.now()
    with transaction.atomic():
        claimed = User.objects.filter(pk=member.pk, closed_at__isnull=True).update(
            closed_at=now, is_active=False
        )
        if not claimed:
            return False
        _erase_health_data(member)
        _erase_people_and_messages(member)
        Consent.objects.filter(member=member, revoked_at__isnull=True).update(revoked_at=now)
        member.closed_at = now
        _pseudonymise(member)
        AuditEvent.objects.create(
            actor=member, member=member, action="close_account", scope=Scope.ENGAGEMENT, at=now
        )
    return True


def _erase_health_data(member: User) -> None:
    erase_plan(member)
    CheckIn.objects.filter(member=member).delete()
    UseReport.objects.filter(member=member).delete()
    BamResult.objects.filter(member=member).delete()
    BamAttempt.objects.filter(member=member).delete()
    StruggleReport.objects.filter(member=member).delete()
    AlertNotice.objects.filter(alert__member=member).delete()
    Alert.objects.filter(member=member).delete()


def _erase_people_and_messages(member: User) -> None:
    SupportContact.objects.filter(member=member).delete()  # their links to messages go too
    ReminderSchedule.objects.filter(member=member).delete()
    ReminderSettings.objects.filter(member=member).delete()
    # Their phones' notification addresses: nothing may reach those devices any more.
    PushSubscription.objects.filter(member=member).delete()
    # Texts: the words, a check-in under way, and the texts received (their number too).
    # Each STOP and START stays, like the consents: the record carriers require us to keep.
    TextSettings.objects.filter(member=member).delete()
    TextConversation.objects.filter(member=member).delete()
    InboundText.objects.filter(member=member).delete()
    GroupMembership.objects.filter(member=member).delete()
    Rsvp.objects.filter(member=member).delete()
    PeerPairing.objects.filter(Q(member=member) | Q(peer=member)).delete()
    Outreach.objects.filter(member=member).delete()
    mine = Delivery.objects.filter(Q(about=member) | Q(to_user=member))
    pending = list(mine.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True))
    Delivery.objects.skip_pending(pending)  # nothing more goes out to or about them
    mine.update(text="", address="")


def _pseudonymise(member: User) -> None:
    name, email = pseudonym(member.pk)
    Invitation.objects.filter(Q(accepted_user=member) | Q(email__iexact=member.email)).update(
        email=email, display_name=""
    )
    member.display_name, member.email = name, email
    member.phone = ""
    member.recovery_began_on = None
    member.program_messages = member.volunteers_as_peer = member.on_call = False
    member.is_active = False
    member.set_unusable_password()
    member.save()
