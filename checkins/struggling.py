""" "I'm struggling right now": a member asks for support before any use."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.enqueue import enqueue_on_commit
from accounts.models import User
from contacts.models import SupportContact
from contacts.network import active_peer

from .alerts import evaluate
from .models import Alert, AlertStage, StruggleReport
from .progress import local_date


def say_struggling(member: User) -> Alert:
    """Record it and raise the mental-stage signal at once; the care team is told on commit.

    Supporters hear nothing yet: the member chooses whom to tell on the next screen. If a
    mental-stage alert was already open (perhaps acknowledged), it is updated and the care
    team is emailed again about it (at most every 12 hours).
    """
    from .tasks import notify_alert

    with transaction.atomic():
        existed = Alert.objects.unresolved().filter(member=member, stage=AlertStage.MENTAL)
        was_open = existed.exists()
        StruggleReport.objects.create(member=member, local_date=local_date(member.timezone))
        alerts = evaluate(member, tell_supporters=False)
        alert = next(a for a in alerts if a.stage == AlertStage.MENTAL)
        if was_open:
            Alert.objects.filter(pk=alert.pk).update(updated_at=timezone.now())
            enqueue_on_commit(notify_alert, alert.pk, False)
    return alert


def supporters_to_offer(member: User) -> tuple[list[SupportContact], User | None]:
    """Who the member may choose to tell: contacts who agreed to hear, and their peer."""
    contacts = list(SupportContact.objects.filter(member=member, may_be_told=True))
    return contacts, active_peer(member)


def tell_chosen(member: User, alert: Alert, contact_ids: list[int], peer: bool) -> None:
    """Queue the approved messages to the supporters the member picked (24-hour limit holds)."""
    from .tasks import tell_chosen_supporters

    allowed = set(
        SupportContact.objects.filter(
            member=member, may_be_told=True, pk__in=contact_ids
        ).values_list("pk", flat=True)
    )
    if allowed or peer:
        enqueue_on_commit(tell_chosen_supporters, alert.pk, sorted(allowed), peer)
