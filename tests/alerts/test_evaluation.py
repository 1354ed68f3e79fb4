"""Alerts: one unresolved per member and stage, updated by new signals, moved through states."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from alerts.evaluation import SETTLED_SECONDS, WrongState, acknowledge, evaluate, resolve
from alerts.models import Alert
from alerts.tasks import sweep_isolation, sweep_unevaluated
from checkins.models import CheckIn, UseReport
from checkins.progress import local_date
from tests.checkins.helpers import CALM
from tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db


def _checkin(member, ago, **answers):
    day = local_date(member.timezone) - timedelta(days=ago)
    return CheckInFactory(member=member, local_date=day, **answers)


def test_signals_open_one_alert_per_stage_and_new_ones_update_it(member):
    _checkin(member, 0, craving=8)
    _checkin(member, 1, craving=9)
    [alert] = evaluate(member)
    assert (alert.stage, alert.status, [s["code"] for s in alert.signals]) == (
        "mental",
        "open",
        ["craving_high"],
    )

    _checkin(member, 2, craving=1, noticed_signs=[])
    CheckIn.objects.filter(member=member, local_date=local_date(member.timezone)).update(
        noticed_signs=[{"id": "x", "text": "Scrolling old contacts", "stage": "mental"}]
    )
    evaluate(member)
    evaluate(member)
    alert = Alert.objects.get()
    assert [s["code"] for s in alert.signals] == ["craving_high", "mental_sign"]
    assert CheckIn.objects.filter(evaluated_at__isnull=True).count() == 0


def test_the_database_allows_one_unresolved_alert_per_member_and_stage(member, counselor):
    first = Alert.objects.create(member=member, stage="mental")
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(member=member, stage="mental")
    resolve(first.pk, counselor)
    Alert.objects.create(member=member, stage="mental")  # a new episode may open
    assert Alert.objects.count() == 2


def test_an_alert_moves_open_acknowledged_resolved_and_never_back(member, counselor):
    alert = Alert.objects.create(member=member, stage="emotional")
    alert = acknowledge(alert.pk, counselor, "Called, talking Thursday")
    assert (alert.status, alert.acknowledged_by, alert.note) == (
        "acknowledged",
        counselor,
        "Called, talking Thursday",
    )
    with pytest.raises(WrongState):
        acknowledge(alert.pk, counselor)
    alert = resolve(alert.pk, counselor)
    assert alert.status == "resolved" and alert.resolved_by == counselor
    with pytest.raises(WrongState):
        resolve(alert.pk, counselor)


def test_a_check_in_saved_through_the_web_is_evaluated_after_commit(
    client, member, django_capture_on_commit_callbacks
):
    _checkin(member, 1, craving=9)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/checkin/", {**CALM, "craving": "8"})
    alert = Alert.objects.get(member=member)
    assert alert.stage == "mental"
    assert (
        CheckIn.objects.get(member=member, local_date=local_date(member.timezone)).evaluated_at
        is not None
    )


def test_a_report_of_use_opens_a_physical_alert_at_once(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    when = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/checkin/now/record/", {"occurred_at": when, "kind": "lapse"})
    assert Alert.objects.get(member=member).stage == "physical"


def test_the_sweep_evaluates_what_was_saved_while_the_broker_was_down(member):
    checkin = _checkin(member, 0, craving=9)
    _checkin(member, 1, craving=9)
    CheckIn.objects.filter(member=member).update(updated_at=timezone.now() - timedelta(minutes=5))
    assert sweep_unevaluated() == 1
    assert Alert.objects.get().stage == "mental"
    checkin.refresh_from_db()
    assert checkin.evaluated_at is not None
    assert sweep_unevaluated() == 0


def test_the_sweep_finds_check_ins_and_reports_together(member, other_member):
    # A compound query on both tables: this is what SQLite (make run) refused before.
    _checkin(member, 0, craving=9)
    CheckIn.objects.update(updated_at=timezone.now() - timedelta(minutes=5))
    UseReport.objects.create(
        member=other_member,
        occurred_at=timezone.now(),
        local_date=local_date(other_member.timezone),
        kind="lapse",
        created_at=timezone.now() - timedelta(minutes=5),
    )
    assert sweep_unevaluated() == 2
    assert set(Alert.objects.values_list("member_id", "stage")) == {(other_member.pk, "physical")}
    assert not UseReport.objects.filter(evaluated_at__isnull=True).exists()


def test_the_nightly_sweep_notices_someone_who_went_quiet(member):
    for ago in range(3, 10):
        _checkin(member, ago)
    CheckIn.objects.update(evaluated_at=timezone.now())
    assert sweep_isolation() == 1
    alert = Alert.objects.get()
    assert alert.stage == "emotional" and alert.signals[0]["code"] == "isolation"


def test_reports_are_marked_evaluated(member):
    UseReport.objects.create(
        member=member,
        occurred_at=timezone.now(),
        local_date=local_date(member.timezone),
        kind="lapse",
    )
    evaluate(member)
    assert UseReport.objects.get().evaluated_at is not None


def test_the_member_sees_their_own_signals_kindly_with_their_plan_steps(client, member):
    from plans.demo import ALEX_PLAN
    from plans.versions import write_plan

    client.force_login(member)
    assert "Things worth noticing" not in client.get("/today/").content.decode()
    write_plan(member, {"actions": ALEX_PLAN["actions"]}, author=member, finished=[])
    _checkin(member, 0, craving=8)
    _checkin(member, 1, craving=9)
    evaluate(member)
    page = client.get("/today/").content.decode()
    assert "Things worth noticing lately" in page
    assert "Craving 7 or more on 2 of the last 2 check-ins." in page
    assert "I deposit the cash straight away" in page
    assert "nothing here is a judgment" in page


def test_a_batch_opens_the_same_alerts_as_one_by_one_in_a_constant_number_of_queries(
    member, other_member
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alerts.evaluation import evaluate_many
    from tests.factories import UserFactory

    def queries(members) -> int:
        with CaptureQueriesContext(connection) as seen:
            evaluate_many(members)
        return len(seen)

    _checkin(member, 0, craving=8)
    _checkin(member, 1, craving=9)
    _checkin(other_member, 0, hungry=3, lonely=3)
    calm = UserFactory(display_name="Calm")
    _checkin(calm, 0)
    three = queries([member, other_member, calm])

    got = sorted(Alert.objects.values_list("member__display_name", "stage", "status"))
    assert got == [("Alex", "mental", "open")]

    more = [UserFactory() for _ in range(12)]
    for person in more:
        _checkin(person, 0, craving=9)
        _checkin(person, 1, craving=8)
    assert queries(more) == three
    assert Alert.objects.filter(member__in=more, stage="mental").count() == 12
    assert not CheckIn.objects.filter(evaluated_at__isnull=True).exists()


@pytest.mark.parametrize(("saved_ago", "swept"), [(10, 0), (25, 1)])
def test_the_sweep_takes_a_check_in_within_a_minute_of_its_save(member, settings, saved_ago, swept):
    """A check-in saved during a broker outage: settled after 20 s, and the sweep runs every
    30 s, so it is evaluated within a minute of the broker's return."""
    _checkin(member, 0, craving=9)
    _checkin(member, 1, craving=9)
    CheckIn.objects.update(updated_at=timezone.now() - timedelta(seconds=saved_ago))
    assert sweep_unevaluated() == swept
    tick = settings.CELERY_BEAT_SCHEDULE["evaluate-unevaluated-checkins"]["schedule"]
    assert SETTLED_SECONDS + tick < 60
