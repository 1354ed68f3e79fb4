"""Answering the BAM one question per screen: start or resume, answer, go back, finish.

Each screen's answer is saved at once (the attempt row), so a member who leaves finds the
same question when they come back. Every step names the question it answers: a second
submission of an earlier screen (a double tap, the back button of the browser) finds the
attempt already past it and changes nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from checkins import events
from checkins.progress import local_date
from measures import bam
from measures.models import BamAttempt, BamResult, next_due


def attempt_of(member: User) -> BamAttempt | None:
    return BamAttempt.objects.filter(member=member).first()


def start(member: User) -> BamAttempt:
    """The member's attempt in progress, or a new one (a second tap on Start is the same)."""
    attempt, _ = BamAttempt.objects.get_or_create(member=member)
    return attempt


@dataclass(frozen=True)
class Step:
    """Where the member is after an answer: the next question, or the finished result."""

    attempt: BamAttempt | None
    result: BamResult | None = None
    stale: bool = False  # the screen answered was not the one the attempt was on


def _locked(member: User) -> BamAttempt | None:
    return BamAttempt.objects.select_for_update().filter(member=member).first()


@transaction.atomic
def answer(member: User, key: str, value: int) -> Step:
    """Save the answer to question `key` and move on; finish after the last question."""
    attempt = _locked(member)
    if attempt is None:
        return Step(None, latest_result(member), stale=True)
    if key != attempt.current or not bam.valid(bam.BY_KEY[key], value):
        return Step(attempt, stale=True)
    now = timezone.now()
    answers = bam.kept({**attempt.answers, key: value})
    upcoming = bam.following(key, answers)
    if upcoming is None:
        return Step(None, _finish(attempt, answers, now))
    attempt.answers, attempt.current, attempt.updated_at = answers, upcoming, now
    attempt.save(update_fields=["answers", "current", "updated_at"])
    return Step(attempt)


@transaction.atomic
def back(member: User, key: str) -> BamAttempt | None:
    """Show the question before `key` again (its answer kept, to change or confirm)."""
    attempt = _locked(member)
    if attempt is None or key != attempt.current:
        return attempt  # already moved (a second tap on Back): nothing more
    earlier = bam.preceding(key, attempt.answers)
    if earlier is not None:
        attempt.current = earlier
        attempt.save(update_fields=["current"])
    return attempt


def save_result(
    member: User,
    answers: dict[str, int],
    *,
    started_at: datetime,
    completed_at: datetime,
    version: str = bam.VERSION,
    **fields: Any,
) -> BamResult:
    """Score a complete set of answers and store it, with when the next one falls due."""
    scores = bam.score(answers)
    day = local_date(member.timezone, completed_at)
    return BamResult.objects.create(
        member=member,
        version=version,
        answers=bam.kept(answers),
        use=scores.use,
        risk=scores.risk,
        protective=scores.protective,
        satisfaction=scores.satisfaction,
        started_at=started_at,
        completed_at=completed_at,
        local_date=day,
        next_due_on=next_due(member, day),
        **fields,
    )


def _finish(attempt: BamAttempt, answers: dict[str, int], now: datetime) -> BamResult:
    member = attempt.member
    result = save_result(
        member, answers, started_at=attempt.started_at, completed_at=now, version=attempt.version
    )
    attempt.delete()
    # The warning-stage rules read BAM results too (alerts listens; evaluated after commit).
    events.recorded.send(sender=BamResult, member_id=member.pk)
    return result


def latest_result(member: User) -> BamResult | None:
    return BamResult.objects.filter(member=member).order_by("-completed_at", "-pk").first()


def position(key: str) -> int:
    """ "Question n of 17": 7A-7G are parts of question 7."""
    return bam.BY_KEY[key].number
