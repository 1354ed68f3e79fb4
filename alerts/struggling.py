""" "I'm struggling right now": a member asks for support before any use."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from alerts.evaluation import evaluate_many
from alerts.models import Alert, StruggleReport
from alerts.notify import CareTeamNews, record_for_care_team
from alumni.network import active_peer
from checkins.progress import local_date
from contacts.models import SupportContact
from core.stages import Stage


@dataclass(frozen=True)
class Struggling:
    alert: Alert  # the mental-stage alert the member's words raised or renewed
    to_tell: list[Alert]  # it and every alert this opened: the view has their notify tasks run
    care_team: CareTeamNews  # what the page may promise about the counselor


def say_struggling(member: User) -> Struggling:
    """Record it and raise the mental-stage signal at once.

    The report is news on any mental-stage alert (alerts.evaluation.news): an acknowledged
    one opens again. The care team's emails are recorded here, in the same transaction, so
    the page says "your counselor will see this" only when one was (alerts.notify decides,
    repeat window included); the notify tasks send them. Supporters hear nothing yet: the
    member chooses whom to tell on the next screen.
    """
    with transaction.atomic():
        StruggleReport.objects.create(member=member, local_date=local_date(member.timezone))
        found = evaluate_many([member])
        alert = next(a for a in found.alerts[member.pk] if a.stage == Stage.MENTAL)
        to_tell = [alert, *(a for a in found.news if a != alert)]
        # The member picks whom to tell on the next screen: from here on the rules message
        # nobody about these, even when a lost notify task is sent again by the sweep.
        Alert.objects.filter(pk__in=[a.pk for a in to_tell]).update(tell_supporters=False)
        locked = Alert.objects.select_for_update().select_related("member").get(pk=alert.pk)
        care_team = record_for_care_team(locked)
    return Struggling(locked, to_tell, care_team)


def supporters_to_offer(member: User) -> tuple[list[SupportContact], User | None]:
    """Who the member may choose to tell: contacts who agreed to hear, and their peer."""
    contacts = list(SupportContact.objects.filter(member=member, may_be_told=True))
    return contacts, active_peer(member)
