""" "I'm struggling right now": a member asks for support before any use."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from alerts.evaluation import evaluate_many
from alerts.models import Alert, StruggleReport
from alumni.network import active_peer
from checkins.progress import local_date
from contacts.models import SupportContact
from core.stages import Stage


def say_struggling(member: User) -> tuple[Alert, list[Alert]]:
    """Record it and raise the mental-stage signal at once.

    Returns the mental-stage alert and every alert this opened; the view has the care team
    told about each (supporters hear nothing yet: the member chooses whom to tell on the
    next screen). An alert already open (perhaps acknowledged) is updated, and the care team
    is told again (at most every 12 hours, by alerts.notify).
    """
    with transaction.atomic():
        StruggleReport.objects.create(member=member, local_date=local_date(member.timezone))
        found = evaluate_many([member])
        alert = next(a for a in found.alerts[member.pk] if a.stage == Stage.MENTAL)
        if alert not in found.opened:
            Alert.objects.filter(pk=alert.pk).update(updated_at=timezone.now())
        to_tell = [alert, *(a for a in found.opened if a != alert)]
        # The member picks whom to tell on the next screen: from here on the rules message
        # nobody about these, even when a lost notify task is sent again by the sweep.
        Alert.objects.filter(pk__in=[a.pk for a in to_tell]).update(tell_supporters=False)
    return alert, to_tell


def supporters_to_offer(member: User) -> tuple[list[SupportContact], User | None]:
    """Who the member may choose to tell: contacts who agreed to hear, and their peer."""
    contacts = list(SupportContact.objects.filter(member=member, may_be_told=True))
    return contacts, active_peer(member)
