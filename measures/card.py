"""The check-up card's facts, kept per member for a few minutes.

The card sits on Today, the busiest page, and its one query (six subqueries) cost Today a
third of its rate under load. Its facts change only when the member answers, finishes or
abandons a check-up, or when their local day turns: the first two forget the kept copy at
once (signals below, so the next page shows the change), the day is part of what is kept.
A program's new cadence shows within KEEP_SECONDS.

Only plain values are kept (no model instance, so no user row goes into the cache).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from accounts.models import User
from checkins.progress import local_date
from core.person_cache import forget, remembered
from measures.models import BamAttempt, BamResult, Summary, summary_from, summary_row

KEEP_SECONDS = 300


def _key(member_id: int) -> str:
    return f"bam-card:{member_id}"


def card_facts(member: User) -> Summary:
    today = local_date(member.timezone)
    row = remembered(_key(member.pk), lambda: (summary_row(member, today), KEEP_SECONDS))
    if row.get("day") != today:
        # Kept before the member's midnight: due-ness is a matter of the day.
        row = summary_row(member, today)
        forget(_key(member.pk))
    return summary_from(member, row)


def forget_member(member_id: int) -> None:
    forget(_key(member_id))


def _changed(sender: Any, instance: BamAttempt | BamResult, **kwargs: Any) -> None:
    forget_member(instance.member_id)


def connect() -> None:
    """From MeasuresConfig.ready."""
    for model in (BamAttempt, BamResult):
        post_save.connect(_changed, sender=model, dispatch_uid=f"bam_card_save_{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"bam_card_delete_{model.__name__}"
        )
