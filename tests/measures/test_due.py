"""When a BAM is due (measures.models: due_q, is_due, cadence_days): the one definition the
pages, Today and the reminders use."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from measures.models import Cadence, MeasureSettings, cadence_days, is_due
from tests.measures.helpers import record_result

pytestmark = pytest.mark.django_db


def _joined(member, days_ago: int) -> None:
    User.objects.filter(pk=member.pk).update(date_joined=timezone.now() - timedelta(days=days_ago))
    member.refresh_from_db()


def test_a_new_member_is_due_a_week_after_joining(member):
    today = timezone.localdate()
    _joined(member, 3)
    assert not is_due(member, today)
    assert is_due(member, today + timedelta(days=4))


def test_a_result_makes_the_next_due_after_the_programs_cadence(member):
    _joined(member, 60)
    assert cadence_days(member) == 7  # no settings row: weekly
    result = record_result(member)
    assert result.next_due_on == result.local_date + timedelta(days=7)
    assert not is_due(member, result.local_date + timedelta(days=6))
    assert is_due(member, result.local_date + timedelta(days=7))


def test_the_program_sets_the_cadence_and_it_applies_from_the_next_result(member):
    _joined(member, 60)
    weekly = record_result(member, days_ago=1)
    MeasureSettings.objects.create(program=member.program, bam_every_days=Cadence.MONTHLY)
    assert weekly.next_due_on == weekly.local_date + timedelta(days=7)
    monthly = record_result(member)
    assert monthly.next_due_on == monthly.local_date + timedelta(days=30)
    assert not is_due(member, monthly.local_date + timedelta(days=29))
