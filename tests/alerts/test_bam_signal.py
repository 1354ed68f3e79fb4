"""The BAM's warning signals: the rules as a table, and a crossing through the pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from alerts.evaluation import evaluate, unevaluated_members
from alerts.models import Alert
from alerts.rules import BamFacts, History, signals
from measures.models import BamResult
from tests.measures.helpers import AT_CUTOFFS, STEADY, answer_all, record_result

TODAY = date(2026, 5, 20)


def bam(ago: int, use: int = 0, risk: int = 5, protective: int = 20) -> BamFacts:
    return BamFacts(TODAY - timedelta(days=ago), use, risk, protective)


def found(*results: BamFacts, rules=None) -> dict[str, str]:
    return {s.code: s.stage for s in signals(History(TODAY, [], bam=results), rules)}


CASES = [
    ("a steady BAM says nothing", [bam(0)], {}),
    ("no BAM says nothing", [], {}),
    ("any use is a physical-stage signal", [bam(1, use=1)], {"bam_use": "physical"}),
    ("use after a week without", [bam(0, use=1), bam(7)], {"bam_use": "physical"}),
    ("more use than the week before", [bam(0, use=4), bam(7, use=1)], {"bam_use": "physical"}),
    # The same lapse, still inside the next BAM's 30 days: the care team already heard.
    ("the same use a week later is no news", [bam(0, use=1), bam(7, use=1)], {}),
    ("less use than the week before", [bam(0, use=1), bam(7, use=3)], {}),
    ("risk rising to the cut-off", [bam(0, risk=12), bam(7, risk=11)], {"bam_risk": "mental"}),
    ("risk rising past it", [bam(0, risk=18), bam(7, risk=4)], {"bam_risk": "mental"}),
    ("a first result at the cut-off is a crossing", [bam(0, risk=12)], {"bam_risk": "mental"}),
    ("risk staying past the cut-off is no new crossing", [bam(0, risk=15), bam(7, risk=13)], {}),
    ("risk just under the cut-off", [bam(0, risk=11), bam(7, risk=2)], {}),
    (
        "protective falling to the cut-off",
        [bam(0, protective=12), bam(7, protective=13)],
        {"bam_protective": "emotional"},
    ),
    ("protective staying low", [bam(0, protective=8), bam(7, protective=12)], {}),
    ("protective just above the cut-off", [bam(0, protective=13), bam(7, protective=20)], {}),
    (
        "all three at once",
        [bam(0, use=2, risk=20, protective=3)],
        {"bam_use": "physical", "bam_risk": "mental", "bam_protective": "emotional"},
    ),
    ("a BAM older than two weeks no longer counts", [bam(14, use=3, risk=20)], {}),
]


@pytest.mark.parametrize(("results", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bam_signals(results, expected):
    assert found(*results) == expected


def test_the_cut_offs_are_settings_like_every_rule():
    assert found(bam(0, risk=10), rules={"bam_risk": 10}) == {"bam_risk": "mental"}
    assert found(bam(0, use=1), rules={"bam_use": 2}) == {}


def test_the_sentence_says_why_in_plain_words():
    [signal] = signals(History(TODAY, [], bam=[bam(0, risk=14), bam(7, risk=9)]))
    assert signal.explanation == (
        "Risk factors in the check-up (BAM) of May 20 rose to 14 of 24 "
        "(12 or more calls for a closer look)."
    )


# --- Through the pages: answering the BAM evaluates the member after commit ---------------


def _a_week_after_a_steady_one(client, member, answers, on_commit) -> None:
    record_result(member, STEADY, days_ago=7)
    client.force_login(member)
    with on_commit(execute=True):
        answer_all(client, member, answers)


@pytest.mark.django_db
def test_crossing_the_cut_offs_raises_one_alert_each_and_the_care_team_is_told(
    client, member, counselor, django_capture_on_commit_callbacks
):
    # use 1, risk 12, protective 12
    _a_week_after_a_steady_one(client, member, AT_CUTOFFS, django_capture_on_commit_callbacks)
    alerts = {a.stage: [s["code"] for s in a.signals] for a in Alert.objects.filter(member=member)}
    assert alerts == {
        "physical": ["bam_use"],
        "mental": ["bam_risk"],
        "emotional": ["bam_protective"],
    }
    # Someone else WAS told: the counselor, content-free, once per alert.
    told = [m for m in mail.outbox if m.to == [counselor.email]]
    assert len(told) == 3
    assert {m.subject for m in told} == {"A client needs attention"}
    assert all("BAM" not in m.body and "12" not in m.subject for m in told)
    assert all(r.evaluated_at is not None for r in BamResult.objects.all())

    # Evaluating again (the next check-in, a sweep) adds nothing and tells nobody more.
    evaluate(member)
    assert Alert.objects.filter(member=member).count() == 3
    assert len([m for m in mail.outbox if m.to == [counselor.email]]) == 3


@pytest.mark.django_db
def test_a_result_that_crosses_nothing_raises_no_alert(
    client, member, counselor, django_capture_on_commit_callbacks
):
    _a_week_after_a_steady_one(client, member, STEADY, django_capture_on_commit_callbacks)
    assert BamResult.objects.filter(member=member).count() == 2
    assert not Alert.objects.filter(member=member).exists()
    assert not [m for m in mail.outbox if m.to == [counselor.email]], (
        "nobody is told of a steady BAM"
    )


@pytest.mark.django_db
def test_a_bam_saved_while_the_broker_was_down_is_found_by_the_sweep(member, counselor):
    result = record_result(member, AT_CUTOFFS)
    BamResult.objects.filter(pk=result.pk).update(
        completed_at=result.completed_at - timedelta(minutes=5)
    )
    assert list(unevaluated_members()) == [member]
