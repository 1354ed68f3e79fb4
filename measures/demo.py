"""Demo BAM results for seed_demo: five weekly check-ups for Alex, around the rough week.

Alex's risk factors climb to the cut-off in the week of the lapse (10 days ago) and ease
since; Casey sees the trend on Alex's client page. Sam has none yet, so Sam's Today
invites the first one.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from measures.flow import save_result
from measures.models import BamResult

# Answers are response positions (measures.bam); one steady month, then what changed.
STEADY = {
    "1": 2, "2": 1, "3": 1, "4": 0, "6": 0, "8": 1, "9": 3, "10": 3, "11": 1,
    "12": 2, "13": 4, "14": 1, "15": 1, "16": 4, "17": 3,
}  # fmt: skip
WEEKS = [
    # (days ago, changes from STEADY)
    (31, {}),
    (24, {"2": 2, "3": 2, "8": 2}),
    (17, {"1": 3, "2": 3, "3": 3, "8": 3, "11": 2, "9": 2, "10": 1, "16": 2, "17": 1}),
    (10, {"1": 3, "2": 3, "3": 2, "6": 1, "7e": 1, **{f"7{c}": 0 for c in "abcdfg"},
          "8": 3, "11": 3, "9": 2, "10": 2, "15": 2, "17": 1}),
    (3, {"2": 2, "3": 1, "6": 1, "7e": 1, **{f"7{c}": 0 for c in "abcdfg"}, "8": 2, "10": 4}),
]  # fmt: skip


def seed_bam(people: dict[str, User]) -> None:
    alex = people["alex@example.org"]
    if BamResult.objects.filter(member=alex).exists():
        return  # what someone answered in the demo stays
    now = timezone.now()
    for days_ago, changes in WEEKS:
        at = now - timedelta(days=days_ago, hours=2)
        save_result(
            alex,
            {**STEADY, **changes},
            started_at=at - timedelta(minutes=3),
            completed_at=at,
            evaluated_at=now,  # the demo's alerts are seed_alerts'
        )
