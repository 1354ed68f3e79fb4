"""The messaging tasks (messaging.tasks send_deliveries, sweep_outbox): the sweep hands over rows nobody sent and settles rows left sending, for every purpose."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from celery.exceptions import SoftTimeLimitExceeded
from django.core import mail
from django.utils import timezone

from messaging import outbox
from messaging.models import Delivery, Purpose
from messaging.tasks import sweep_outbox
from messaging.transports import SEND_TIMEOUT
from tests.messaging.helpers import PENDING, SENDING, SENT, UNKNOWN, email_delivery, status_of

pytestmark = pytest.mark.django_db


def test_the_sweep_hands_over_a_row_nobody_sent_once_it_has_settled():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        delivery = (
            email_delivery()
        )  # recorded; the task that would send it never reached the broker
    with time_machine.travel(start + outbox.SETTLE - timedelta(seconds=1), tick=False):
        sweep_outbox()
    assert (status_of(delivery), mail.outbox) == (PENDING, [])
    with time_machine.travel(start + outbox.SETTLE, tick=False):
        assert sweep_outbox() == 1
    assert status_of(delivery) == SENT
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("purpose", list(Purpose))
def test_the_sweep_settles_a_row_left_sending_for_every_purpose(purpose):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        stuck = email_delivery(purpose, address="stuck@example.org")
        fresh = email_delivery(purpose, address="fresh@example.org")
        Delivery.objects.claim(stuck.pk, start)
    with time_machine.travel(start + outbox.LEASE - timedelta(seconds=30), tick=False):
        Delivery.objects.claim(fresh.pk, timezone.now())  # a worker is sending it right now
    later = start + outbox.LEASE + timedelta(seconds=1)
    # No reminder slot to look up for these: the outbox alone is under test.
    with (
        mock.patch.dict(outbox._checks, {}, clear=True),
        mock.patch.dict(outbox._composers, {}, clear=True),
        time_machine.travel(later, tick=False),
    ):
        sweep_outbox()
    stuck.refresh_from_db()
    if outbox.POLICY[purpose].at_most_once:
        # Whether it went out is unknown: never sent again, and never called sent.
        assert (stuck.status, stuck.error) == (UNKNOWN, "interrupted while sending")
        assert stuck.get_status_display() == "May not have been sent"
        assert mail.outbox == []
    else:
        # Better twice than not at all: handed over again and sent.
        assert (stuck.status, stuck.attempts) == (SENT, 2)
        assert [m.to for m in mail.outbox] == [["stuck@example.org"]]
    assert status_of(fresh) == SENDING


def test_a_task_out_of_time_gives_the_row_back_and_stops():
    delivery = email_delivery(Purpose.ALERT_COUNSELOR, address="casey@example.org")
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=SoftTimeLimitExceeded()),
        pytest.raises(SoftTimeLimitExceeded),
    ):
        outbox.send(delivery.pk)
    assert status_of(delivery) == PENDING
    # The sweep hands it over again, and this time it goes.
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    sweep_outbox()
    assert status_of(delivery) == SENT
    assert [m.to for m in mail.outbox] == [["casey@example.org"]]


def test_a_task_out_of_time_while_sending_to_a_members_people_may_not_have_sent_it():
    """Stopped inside the transport, the email may have gone: at most once, never resent."""
    delivery = email_delivery(Purpose.ALERT_CONTACT, address="dana@example.org")
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=SoftTimeLimitExceeded()),
        pytest.raises(SoftTimeLimitExceeded),
    ):
        outbox.send(delivery.pk)
    assert status_of(delivery) == UNKNOWN
    other = email_delivery(Purpose.ALERT_CONTACT, address="lee@example.org")
    Delivery.objects.filter(pk=other.pk).update(next_attempt_at=timezone.now())
    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        sweep_outbox()
    assert status_of(delivery) == UNKNOWN
    assert [m.to for m in mail.outbox] == [["lee@example.org"]]


def test_the_lease_outlasts_every_bounded_wait_of_a_send(settings):
    # Each wait on the mail server or gateway ends within seconds; a send makes a handful.
    assert settings.EMAIL_TIMEOUT <= 5 and SEND_TIMEOUT <= 5
    longest_wait = timedelta(seconds=max(settings.EMAIL_TIMEOUT, SEND_TIMEOUT))
    assert 10 * longest_wait <= outbox.LEASE <= timedelta(minutes=2)


def test_a_row_that_kills_its_worker_every_time_is_not_resent_for_ever():
    start = timezone.now()
    attempts = outbox.POLICY[Purpose.ALERT_COUNSELOR].attempts
    with time_machine.travel(start, tick=False):
        spent = email_delivery(Purpose.ALERT_COUNSELOR, address="spent@example.org")
        again = email_delivery(Purpose.ALERT_COUNSELOR, address="again@example.org")
        for row in (spent, again):
            Delivery.objects.claim(row.pk, start)
        Delivery.objects.filter(pk=spent.pk).update(attempts=attempts)
    with time_machine.travel(start + outbox.LEASE + timedelta(seconds=1), tick=False):
        sweep_outbox()
    assert status_of(spent) == UNKNOWN  # it may have gone out each time: never "failed"
    assert status_of(again) == SENT
    assert [m.to for m in mail.outbox] == [["again@example.org"]]
