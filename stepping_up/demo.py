"""Demo for seed_demo: Sam (who shares the plan with Casey) asked for more support, so
Casey's inbox and Sam's client page show an open request to answer."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from stepping_up.levels import NOT_SURE
from stepping_up.models import CareRequest, Origin


def seed_care_requests(people: dict[str, User]) -> None:
    # Found again on a rerun whatever became of it (answered while trying the demo).
    CareRequest.objects.get_or_create(
        member=people["sam@example.org"],
        level=NOT_SURE,
        origin=Origin.PLAN,
        defaults={
            "note": "Work has been a lot lately. Could we talk about more support?",
            "created_at": timezone.now() - timedelta(hours=20),
        },
    )
