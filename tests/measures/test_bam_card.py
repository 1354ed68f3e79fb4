"""{% bam_card %} (measures.templatetags.measures): the check-up beside the plan, and on Today
only when one is due or started."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from tests.measures.helpers import HARD, record_result

pytestmark = pytest.mark.django_db


def _joined_weeks_ago(member):
    User.objects.filter(pk=member.pk).update(date_joined=timezone.now() - timedelta(days=30))


def test_a_new_member_sees_the_first_check_up_beside_their_plan_but_not_on_today(signed_in, plan):
    assert "Start my first check-up" in signed_in.get("/plan/").content.decode()
    assert "Recovery check-up" not in signed_in.get("/today/").content.decode()


def test_when_one_is_due_today_invites_and_the_plan_shows_the_last_result(signed_in, member, plan):
    _joined_weeks_ago(member)
    record_result(member, HARD, days_ago=8)
    today = signed_in.get("/today/").content.decode()
    assert "A new check-up is ready" in today and 'href="/check-up/"' in today
    beside_plan = signed_in.get("/plan/").content.decode()
    assert "use 3, risk 21, protective 2." in beside_plan
    assert 'href="/check-up/results/"' in beside_plan


def test_once_answered_today_is_quiet_until_the_next_is_due(signed_in, member):
    _joined_weeks_ago(member)
    record_result(member, HARD, days_ago=1)
    assert "Recovery check-up" not in signed_in.get("/today/").content.decode()


def test_a_started_check_up_is_offered_to_continue(signed_in, member):
    signed_in.post("/check-up/")
    assert "Continue my check-up" in signed_in.get("/today/").content.decode()
