"""A member's record with something in every part the FHIR export maps (shared by tests)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from measures import bam
from measures.flow import save_result
from plans.versions import write_plan
from tests.factories import CheckInFactory

PLAN = {
    "reasons": [{"text": "Being there for Theo"}, {"text": "Keeping my job"}],
    "triggers": [{"text": "Payday", "kind": "external"}],
    "coping": [{"text": "A walk around the block"}],
    "actions": [{"text": "When I get paid", "then": "I call my sister"}],
    "safety": [{"text": "Deleted my old dealer's number", "done_on": "2026-11-01"}],
    "care_level": {"level": "iop"},
}
# Some drinking, some drug use (so 5 and 7A-7G are asked), the rest in the middle.
BAM_ANSWERS = {key: 1 for key in bam.KEYS} | {"14": 1}


def full_record(member: User, *, days: int = 3) -> User:
    write_plan(member, PLAN, author=member, finished=["reasons"])
    today = timezone.localdate()
    for back in range(days):
        CheckInFactory(
            member=member,
            local_date=today - timedelta(days=back),
            hungry=2,
            note="Rough evening, called Jo",
            noticed_signs=[{"id": "s1", "text": "Isolating", "stage": "emotional"}],
        )
    now = timezone.now()
    save_result(member, BAM_ANSWERS, started_at=now - timedelta(minutes=4), completed_at=now)
    return member
