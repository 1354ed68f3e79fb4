"""Builders shared by the check-in tests: a calm day's answers, a report of use."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

CALM = {
    "hungry": "0",
    "angry": "0",
    "lonely": "0",
    "tired": "0",
    "craving": "1",
    "mood": "4",
    "sleep_hours": "7.5",
    "medication": "yes",
    "support_contact": "True",
    "used_today": "False",
    "note": "",
}


def record_use(client, **data):
    when = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    return client.post("/checkin/now/record/", {"occurred_at": when, "kind": "lapse", **data})
