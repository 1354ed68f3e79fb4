"""Hand-scored BAM answer sets, and a way to record a result without the pages."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from measures import bam
from measures.flow import save_result
from measures.models import BamAttempt, BamResult

# Each answer is the position of the response chosen (0 = the first listed; measures.bam).
# The scores beside each set were added up by hand from the VA scoring guide, not by the
# scorer: Use = 4 + 5 + 6; Risk = 1 + 2 + 3 + 8 + 11 + 15; Protective = 9 + 10 + 12 + 13 +
# 14 + 16 (item 14: No 0, Yes 4); 17 alone.

# A steady month.
STEADY = {
    "1": 2,  # Good: risk 2
    "2": 1,  # 1-3 nights: risk 1
    "3": 0,  # 0 days: risk 0
    "4": 0,  # no alcohol: use 0 (5 is not asked, scored 0)
    "6": 0,  # no drugs: use 0 (7A-7G not asked)
    "8": 1,  # Slightly: risk 1
    "9": 4,  # Extremely confident: protective 4
    "10": 3,  # 9-15 days of meetings: protective 3
    "11": 0,  # 0 days risky: risk 0
    "12": 2,  # Moderately: protective 2
    "13": 4,  # 16-30 days work: protective 4
    "14": 1,  # Yes: protective 4
    "15": 1,  # Slightly: risk 1
    "16": 4,  # 16-30 days supportive people: protective 4
    "17": 3,  # Considerably satisfied
}
# Use 0; Risk 2+1+0+1+0+1 = 5; Protective 4+3+2+4+4+4 = 21; satisfaction 3.
STEADY_SCORES = bam.Scores(use=0, risk=5, protective=21, satisfaction=3)

# A hard month with drinking.
HARD = {
    "1": 4,  # Poor: risk 4
    "2": 4,  # 16-30 nights: risk 4
    "3": 3,  # 9-15 days: risk 3
    "4": 2,  # 4-8 days alcohol: use 2
    "5": 1,  # 1-3 heavy days: use 1
    "6": 0,  # use 0
    "8": 3,  # Considerably: risk 3
    "9": 1,  # Slightly: protective 1
    "10": 0,  # protective 0
    "11": 3,  # 9-15 days: risk 3
    "12": 0,  # protective 0
    "13": 0,  # protective 0
    "14": 0,  # No: protective 0
    "15": 4,  # Extremely: risk 4
    "16": 1,  # 1-3 days: protective 1
    "17": 0,  # Not at all
}
# Use 2+1+0 = 3; Risk 4+4+3+3+3+4 = 21; Protective 1+0+0+0+0+1 = 2; satisfaction 0.
HARD_SCORES = bam.Scores(use=3, risk=21, protective=2, satisfaction=0)

# Drug use, so 7A-7G are asked (and count in no subscale); no alcohol, so 5 is not.
DRUGS = {
    "1": 1,  # Very Good: risk 1
    "2": 0,  # risk 0
    "3": 1,  # risk 1
    "4": 0,  # use 0
    "6": 2,  # 4-8 days: use 2
    "7a": 1,
    "7b": 0,
    "7c": 0,
    "7d": 0,
    "7e": 2,
    "7f": 0,
    "7g": 0,
    "8": 2,  # Moderately: risk 2
    "9": 2,  # Moderately: protective 2
    "10": 2,  # 4-8 days: protective 2
    "11": 1,  # 1-3 days: risk 1
    "12": 1,  # Slightly: protective 1
    "13": 3,  # 9-15 days: protective 3
    "14": 1,  # Yes: protective 4
    "15": 0,  # risk 0
    "16": 2,  # 4-8 days: protective 2
    "17": 1,  # Slightly
}
# Use 0+0+2 = 2; Risk 1+0+1+2+1+0 = 5; Protective 2+2+1+3+4+2 = 14; satisfaction 1.
DRUGS_SCORES = bam.Scores(use=2, risk=5, protective=14, satisfaction=1)

# Exactly at every cut-off: use 1, risk 12, protective 12.
AT_CUTOFFS = {
    "1": 3,  # Fair: risk 3
    "2": 2,  # 4-8 nights: risk 2
    "3": 2,  # 4-8 days: risk 2
    "4": 1,  # 1-3 days: use 1
    "5": 0,  # no heavy days: use 0
    "6": 0,  # use 0
    "8": 2,  # Moderately: risk 2
    "9": 3,  # Considerably: protective 3
    "10": 1,  # 1-3 days: protective 1
    "11": 1,  # 1-3 days: risk 1
    "12": 1,  # Slightly: protective 1
    "13": 2,  # 4-8 days: protective 2
    "14": 1,  # Yes: protective 4
    "15": 2,  # Moderately: risk 2
    "16": 1,  # 1-3 days: protective 1
    "17": 2,  # Moderately
}
# Use 1+0+0 = 1; Risk 3+2+2+2+1+2 = 12; Protective 3+1+1+2+4+1 = 12; satisfaction 2.
AT_CUTOFFS_SCORES = bam.Scores(use=1, risk=12, protective=12, satisfaction=2)


def record_result(member, answers=STEADY, days_ago: int = 0) -> BamResult:
    """A completed BAM as the pages store it, `days_ago` days ago."""
    at = timezone.now() - timedelta(days=days_ago)
    return save_result(member, answers, started_at=at - timedelta(minutes=3), completed_at=at)


def answer_all(client, member, answers) -> list[str]:
    """Answer every screen through the pages, as the member; the places they were sent."""
    client.post("/check-up/")
    went = []
    while (attempt := BamAttempt.objects.filter(member=member).first()) is not None:
        response = client.post(
            "/check-up/question/", {"item": attempt.current, "answer": answers[attempt.current]}
        )
        assert response.status_code == 302, attempt.current
        went.append(response["Location"])
    return went
