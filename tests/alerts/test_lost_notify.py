"""A notify task lost on its way (broker down, worker gone) is sent again by the sweep
(alerts.tasks.escalate_overdue), and still honours what the member chose."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.db import InterfaceError
from django.utils import timezone

from alerts import notify
from alerts.evaluation import evaluate_many
from alerts.models import Alert
from alerts.tasks import escalate_overdue, notify_alert
from checkins.progress import local_date
from contacts.models import SupportContact
from messaging.models import Delivery
from tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _console_sms(settings):
    settings.WAYPOINT_SMS_BACKEND = "messaging.transports.ConsoleSmsBackend"


@pytest.fixture
def jo(member):
    return SupportContact.objects.create(
        member=member,
        name="Jo",
        relationship="friend",
        phone="+12025550143",
        may_be_told=True,
        auto_alerts=True,
    )


def _lose_the_notify_task(client, member, **post):
    """Do what the member does, with the broker taking nothing (on-commit work dropped)."""
    client.force_login(member)
    client.post("/help/struggling/", post)


def _sweep_later(mailoutbox, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=5)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        escalate_overdue()


def test_a_struggling_alert_resent_by_the_sweep_reaches_the_care_team_not_the_supporters(
    client, member, counselor, jo, mailoutbox, django_capture_on_commit_callbacks
):
    # Strong cravings too, so the alert carries more than "struggling" alone.
    today = local_date(member.timezone)
    CheckInFactory(member=member, local_date=today, craving=9)
    CheckInFactory(member=member, local_date=today - timedelta(days=1), craving=9)
    _lose_the_notify_task(client, member)
    alert = Alert.objects.get(member=member, stage="mental")
    assert alert.notified_at is None and not alert.tell_supporters

    _sweep_later(mailoutbox, django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [[counselor.email]]
    assert not Delivery.objects.filter(contact_link__contact=jo).exists()
    alert.refresh_from_db()
    assert alert.notified_at is not None


def test_an_alert_the_rules_raised_resent_by_the_sweep_reaches_supporters_too(
    member, counselor, jo, mailoutbox, django_capture_on_commit_callbacks
):
    today = local_date(member.timezone)
    CheckInFactory(member=member, local_date=today, craving=9)
    CheckInFactory(member=member, local_date=today - timedelta(days=1), craving=9)
    evaluate_many([member])  # opened; its notify task never ran

    _sweep_later(mailoutbox, django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [[counselor.email]]
    [delivery] = Delivery.objects.filter(contact_link__contact=jo)
    assert (delivery.channel, delivery.status) == ("sms", "sent")


def test_a_notify_task_that_meets_a_database_restart_tries_again_and_tells_the_counselor(
    member, counselor, mailoutbox
):
    today = local_date(member.timezone)
    CheckInFactory(member=member, local_date=today, craving=9)
    CheckInFactory(member=member, local_date=today - timedelta(days=1), craving=9)
    evaluate_many([member])
    alert = Alert.objects.get(member=member)
    real = notify.tell_care_team
    calls = []

    def restart_once(alert_id):
        calls.append(alert_id)
        if len(calls) == 1:
            raise InterfaceError("connection already closed")
        return real(alert_id)

    with mock.patch("alerts.notify.tell_care_team", side_effect=restart_once):
        # throw=False lets Celery run the retry as a worker would (eager retries otherwise
        # raise); the outcome is still checked: the retry must have succeeded.
        result = notify_alert.apply(args=(alert.pk,), throw=False)
    assert result.successful(), result.traceback
    assert calls == [alert.pk, alert.pk]
    assert [m.to for m in mailoutbox] == [[counselor.email]]
    alert.refresh_from_db()
    assert alert.notified_at is not None
