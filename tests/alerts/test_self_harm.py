"""Thoughts of self-harm: a "yes" reaches on-call at once, never the member's supporters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Role
from alerts import notify
from alerts.evaluation import acknowledge, evaluate_many, resolve
from alerts.models import Alert, AlertNotice
from alerts.tasks import escalate_overdue
from checkins.models import CheckIn
from checkins.progress import local_date
from contacts.models import SupportContact
from messaging.models import Delivery
from tests.checkins.helpers import CALM
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_call(member):
    return UserFactory(role=Role.COUNSELOR, on_call=True, program=member.program)


@pytest.fixture
def contact(member):
    return SupportContact.objects.create(
        member=member,
        name="Jo",
        relationship="sister",
        phone="+12025550143",
        may_be_told=True,
        auto_alerts=True,  # so that "the sister is never told" is about self-harm alone
        approved_message="Alex could use a call from you today.",
    )


def _check_in(client, capture, **answers):
    with capture(execute=True):
        return client.post("/checkin/", {**CALM, **answers})


def _yes_saved(member):
    CheckIn.objects.create(
        member=member, local_date=local_date(member.timezone), **CALM, self_harm=True
    )


def test_a_yes_tells_the_care_team_and_on_call_at_once_and_no_supporter(
    signed_in, member, counselor, on_call, contact, django_capture_on_commit_callbacks
):
    response = _check_in(signed_in, django_capture_on_commit_callbacks, self_harm="True")

    assert response.url == "/checkin/response/"
    assert CheckIn.objects.get().self_harm is True
    [alert] = Alert.objects.filter(member=member)
    assert (alert.stage, [s["code"] for s in alert.signals]) == ("physical", ["self_harm"])
    assert alert.tell_supporters is False
    assert alert.escalated_at is not None  # seconds after opening, not after an hour
    assert sorted(to for m in mail.outbox for to in m.to) == sorted(
        [counselor.email, on_call.email]
    )
    [escalation] = AlertNotice.objects.filter(alert=alert, kind="escalation")
    assert escalation.delivery.to_user == on_call
    # Content-free: no name, no health detail, in what on-call reads.
    body = escalation.delivery.text.lower()
    for word in (member.display_name.lower(), "harm", "suicid", "dead"):
        assert word not in body
    assert not Delivery.objects.filter(purpose="alert_contact").exists()


def test_a_no_or_a_skipped_answer_raises_nothing_and_is_stored_as_given(
    signed_in, member, counselor, on_call, django_capture_on_commit_callbacks
):
    _check_in(signed_in, django_capture_on_commit_callbacks, self_harm="False")
    assert CheckIn.objects.get().self_harm is False
    _check_in(signed_in, django_capture_on_commit_callbacks, self_harm="")
    assert CheckIn.objects.get().self_harm is None
    _check_in(signed_in, django_capture_on_commit_callbacks)  # the question left out
    assert CheckIn.objects.get().self_harm is None
    assert not Alert.objects.exists() and mail.outbox == []
    # The same member, with the same people around them, is heard on a yes.
    _check_in(signed_in, django_capture_on_commit_callbacks, self_harm="True")
    assert Alert.objects.get().stage == "physical"
    assert len(mail.outbox) == 2


def test_a_yes_on_an_acknowledged_physical_alert_still_reaches_on_call_at_once(
    signed_in, member, counselor, on_call, contact, django_capture_on_commit_callbacks
):
    _check_in(signed_in, django_capture_on_commit_callbacks, used_today="True")
    alert = Alert.objects.get(member=member)
    assert Delivery.objects.filter(purpose="alert_contact").count() == 1  # the lapse
    acknowledge(alert.pk, counselor, "Called")
    mail.outbox.clear()

    _check_in(signed_in, django_capture_on_commit_callbacks, used_today="True", self_harm="True")

    alert.refresh_from_db()
    assert [s["code"] for s in alert.signals] == ["self_harm", "use"]
    assert alert.tell_supporters is False
    # On call at once, and the care team again: a new signal re-opens an acknowledged alert.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([on_call.email, counselor.email])
    assert alert.status == "open"
    assert Delivery.objects.filter(purpose="alert_contact").count() == 1  # nothing new


def test_telling_on_call_again_is_once_per_answer_and_the_usual_escalation_adds_nothing(
    member, counselor, on_call
):
    _yes_saved(member)
    found = evaluate_many([member])
    [alert] = found.urgent
    assert notify.escalate_now(alert.pk) == 1
    assert notify.escalate_now(alert.pk) == 0  # a retried task
    # Past the physical stage's hour, unacknowledged: already escalated, so not again.
    Alert.objects.filter(pk=alert.pk).update(opened_at=timezone.now() - timedelta(hours=3))
    escalate_overdue()
    assert AlertNotice.objects.filter(alert=alert, kind="escalation").count() == 1
    # The same answer evaluated again is not news.
    assert evaluate_many([member]).urgent == []
    resolve(alert.pk, counselor)
    assert notify.escalate_now(alert.pk) == 0


def test_with_nobody_on_call_the_usual_escalation_tries_later(member, counselor):
    _yes_saved(member)
    [alert] = evaluate_many([member]).urgent
    assert notify.escalate_now(alert.pk) == 0
    alert.refresh_from_db()
    assert alert.escalated_at is None
    later = UserFactory(role=Role.COUNSELOR, on_call=True, program=member.program)
    assert notify.escalate_now(alert.pk) == 1
    assert Delivery.objects.get(purpose="alert_escalation").to_user == later
