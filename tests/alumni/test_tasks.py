"""The alumni task (alumni.tasks drift_digests): one daily digest per coordinator, counts and
no names, only on a day someone crossed the line."""

from __future__ import annotations

import pytest

from alumni import drift
from tests.alumni.helpers import checkin_days_ago, program_member

pytestmark = pytest.mark.django_db


def test_the_daily_digest_counts_who_crossed_the_line_once_a_day_without_names(
    coordinator, mailoutbox
):
    from alumni.tasks import drift_digests

    crossed = program_member(coordinator, "Quinn")
    checkin_days_ago(crossed, drift.drift_days() + 1)
    long_gone = program_member(coordinator, "Rowan")
    checkin_days_ago(long_gone, drift.drift_days() + 9)
    checkin_days_ago(program_member(coordinator, "Sky"), 2)

    assert drift_digests() == 1
    assert drift_digests() == 0  # once a day

    [mail] = mailoutbox
    assert mail.to == [coordinator.email]
    assert mail.body.startswith("1 person in your program has now gone 14 days")
    assert "http://testserver/alumni/drift/" in mail.body
    for name in ("Quinn", "Rowan", "Sky"):
        assert name not in mail.body


def test_no_digest_on_a_day_nobody_crossed_the_line(coordinator, mailoutbox):
    from alumni.tasks import drift_digests

    checkin_days_ago(program_member(coordinator, "Rowan"), drift.drift_days() + 9)

    assert drift_digests() == 0
    assert mailoutbox == []
    # The same run on a day someone does cross the line tells the coordinator.
    checkin_days_ago(program_member(coordinator, "Quinn"), drift.drift_days() + 1)
    assert drift_digests() == 1
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
