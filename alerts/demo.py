"""Demo alerts"""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from alerts.evaluation import acknowledge, evaluate_many
from alerts.models import Alert
from alerts.tasks import announce
from checkins.models import CheckIn


def seed_alerts(people: dict[str, User]) -> None:
    """Run the warning-stage rules over the demo histories, as the worker would have.

    Sam's last two check-ins carry strong cravings (an open mental-stage alert); Alex's
    lapse opened a physical-stage alert that Casey has acknowledged.
    """
    if Alert.objects.exists():
        return
    sam = people["sam@example.org"]
    recent = CheckIn.objects.filter(member=sam).order_by("-local_date")[:2]
    CheckIn.objects.filter(pk__in=[c.pk for c in recent]).update(craving=8)
    # The care team hears as it would have; supporters are left for the member to try
    # "I'm struggling" with (a demo run should not spend their daily message).
    found = evaluate_many([m for m in people.values() if m.role == "member"])
    Alert.objects.filter(pk__in=[a.pk for a in found.opened]).update(tell_supporters=False)
    physical = Alert.objects.filter(member=people["alex@example.org"], stage="physical").first()
    if physical:
        # In the story Casey heard about Alex's lapse days ago and has talked with them:
        # no email now, so a new "I used" from Alex reaches Casey at once, as it would.
        Alert.objects.filter(pk=physical.pk).update(notified_at=timezone.now())
        acknowledge(
            physical.pk,
            people["casey@example.org"],
            "Talked the next morning; seeing Alex Thursday.",
        )
    announce([a for a in found.news if physical is None or a.pk != physical.pk])
