"""measures.card: the check-up card's facts are kept per member, and the member's own
change (answering, finishing) or their midnight shows on the very next page."""

from __future__ import annotations

import pickle
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from accounts.models import User
from core.person_cache import PREFIX
from measures.card import card_facts
from tests.measures.helpers import HARD, STEADY, record_result

pytestmark = pytest.mark.django_db


def _joined_weeks_ago(member):
    User.objects.filter(pk=member.pk).update(date_joined=timezone.now() - timedelta(days=30))
    member.refresh_from_db()


def test_the_second_look_asks_the_database_nothing(member, django_assert_num_queries):
    card_facts(member)
    with django_assert_num_queries(0):
        card_facts(member)


def test_what_is_kept_is_plain_values_without_the_member_row(member):
    record_result(member, HARD, days_ago=1)
    card_facts(member)
    kept = cache.get(f"{PREFIX}bam-card:{member.pk}")
    assert kept["bam_risk"] == 21
    assert b"pbkdf2" not in pickle.dumps(kept) and b"accounts" not in pickle.dumps(kept)


def test_finishing_a_check_up_shows_at_once(signed_in, member):
    _joined_weeks_ago(member)
    record_result(member, HARD, days_ago=8)
    assert "A new check-up is ready" in signed_in.get("/today/").content.decode()
    record_result(member, STEADY, days_ago=0)
    assert "Recovery check-up" not in signed_in.get("/today/").content.decode()
    assert card_facts(member).latest.risk == 5


def test_starting_one_shows_continue_at_once(signed_in, member):
    _joined_weeks_ago(member)
    assert "Start" in signed_in.get("/today/").content.decode()
    signed_in.post("/check-up/")
    assert "Continue my check-up" in signed_in.get("/today/").content.decode()


def test_the_member_s_midnight_makes_the_next_one_due(member):
    _joined_weeks_ago(member)
    record_result(member, HARD, days_ago=6)
    assert card_facts(member).due is False
    # Kept at 23:00 the day before it is due; read after midnight: due, not the kept answer.
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1)):
        assert card_facts(member).due is True
