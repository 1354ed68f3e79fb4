"""The outbox: a row moves only forward, through guarded steps, and never stays `sending`."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from celery.exceptions import SoftTimeLimitExceeded
from django.core import mail
from django.core.mail import BadHeaderError
from django.utils import timezone

from messaging import outbox
from messaging.models import Channel, Delivery, DeliveryStatus, Purpose
from messaging.tasks import sweep_outbox
from messaging.transports import TransportError

pytestmark = pytest.mark.django_db

PENDING, SENDING, SENT, FAILED, SKIPPED = (
    DeliveryStatus.PENDING,
    DeliveryStatus.SENDING,
    DeliveryStatus.SENT,
    DeliveryStatus.FAILED,
    DeliveryStatus.SKIPPED,
)
TEXT = "Alex could use a call today."


def _email(purpose=Purpose.ALERT_CONTACT, address="dana@example.org") -> Delivery:
    return outbox.record(purpose, Channel.EMAIL, address, TEXT)


def _status(delivery: Delivery) -> str:
    delivery.refresh_from_db()
    return delivery.status


# --- Guarded transitions ------------------------------------------------------------------


def test_a_row_is_claimed_once():
    delivery = _email()
    now = timezone.now()
    assert Delivery.objects.claim(delivery.pk, now)
    assert not Delivery.objects.claim(delivery.pk, now)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.claimed_at) == (SENDING, 1, now)


@pytest.mark.parametrize(
    ("start", "step", "moves", "end"),
    [
        (SENDING, "sent", True, SENT),
        (SENDING, "failed", True, FAILED),
        (SENDING, "retry", True, PENDING),
        (SENDING, "skipped", True, SKIPPED),
        # Every step names the status it expects: from anywhere else it does nothing.
        (PENDING, "sent", False, PENDING),
        (PENDING, "failed", False, PENDING),
        (PENDING, "retry", False, PENDING),
        (PENDING, "skipped", False, PENDING),
        (SENT, "failed", False, SENT),
        (SENT, "retry", False, SENT),
        (FAILED, "sent", False, FAILED),
        (SKIPPED, "sent", False, SKIPPED),
    ],
)
def test_every_transition_moves_only_from_the_status_it_expects(start, step, moves, end):
    delivery = _email()
    Delivery.objects.filter(pk=delivery.pk).update(status=start)
    now = timezone.now()
    manager = Delivery.objects
    moved = {
        "sent": lambda: manager.mark_sent(delivery.pk, "id-1", now),
        "failed": lambda: manager.mark_failed(delivery.pk, "gateway answered 400", permanent=True),
        "retry": lambda: manager.mark_retry(delivery.pk, "gateway answered 503", now),
        "skipped": lambda: manager.mark_skipped(delivery.pk),
    }[step]()
    assert moved is moves
    assert _status(delivery) == end


def test_skipping_many_leaves_rows_already_claimed_alone():
    waiting, claimed = _email(), _email()
    Delivery.objects.claim(claimed.pk, timezone.now())
    assert Delivery.objects.skip_pending([waiting.pk, claimed.pk]) == [waiting.pk]
    assert (_status(waiting), _status(claimed)) == (SKIPPED, SENDING)


# --- send() -------------------------------------------------------------------------------


def test_send_sends_once_however_often_it_is_called():
    delivery = _email()
    assert outbox.send(delivery.pk) == outbox.Outcome.SENT
    assert outbox.send(delivery.pk) == outbox.Outcome.NOT_CLAIMED
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (SENT, 1)


class _Crashing:
    """A transport with a bug: it raises what nobody expected, with a text in the message."""

    def send(self, address: str, subject: str, text: str) -> str:
        raise RuntimeError(f"could not send {text!r} to {address}")


@pytest.mark.parametrize(
    ("setup", "error"),
    [
        # The old send path caught TransportError and OSError only: each of these left the
        # row `sending` for ever, and the member had been told their messages were on the way.
        pytest.param(
            lambda s: setattr(s, "WAYPOINT_SMS_BACKEND", "messaging.transports.HtpSmsBackend"),
            "ImportError",
            id="typo-in-the-sms-backend",
        ),
        pytest.param(
            lambda s: setattr(s, "WAYPOINT_SMS_BACKEND", "messaging.transports.HttpSmsBackend"),
            "ImproperlyConfigured",
            id="gateway-without-url-or-token",
        ),
        pytest.param(
            lambda s: mock.patch.dict(
                "messaging.transports.TRANSPORTS", {Channel.SMS: _Crashing}
            ).start(),
            "RuntimeError",
            id="a-transport-with-a-bug",
        ),
    ],
)
def test_an_unexpected_exception_is_a_recorded_failure_never_a_stuck_row(settings, setup, error):
    settings.WAYPOINT_SMS_GATEWAY_URL = ""
    setup(settings)
    try:
        delivery, outcome = outbox.record_and_send(
            Purpose.ALERT_CONTACT, Channel.SMS, "+12025550143", TEXT
        )
    finally:
        mock.patch.stopall()
    assert outcome == outbox.Outcome.FAILED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.error, delivery.permanent) == (FAILED, error, False)
    # Short, and never the message or the address.
    assert TEXT not in delivery.error and "+1202" not in delivery.error


def test_a_bad_header_from_the_mail_backend_is_a_recorded_failure():
    with mock.patch("messaging.transports.send_mail", side_effect=BadHeaderError("Subject\n")):
        delivery, outcome = outbox.record_and_send(
            Purpose.ALERT_CONTACT, Channel.EMAIL, "dana@example.org", TEXT
        )
    assert outcome == outbox.Outcome.FAILED
    assert _status(delivery) == FAILED


def test_a_passing_fault_is_retried_with_growing_waits_then_given_up():
    class Busy:
        def send(self, address, subject, text):
            raise TransportError("gateway answered 503", permanent=False)

    start = timezone.now()
    with mock.patch.dict("messaging.transports.TRANSPORTS", {Channel.SMS: Busy}):
        with time_machine.travel(start, tick=False):
            delivery = outbox.record(Purpose.ALERT_CONTACT, Channel.SMS, "+12025550143", TEXT)
            assert outbox.send(delivery.pk) == outbox.Outcome.RETRY
        waits = []
        for _attempt in range(2, outbox.POLICY[Purpose.ALERT_CONTACT].attempts + 1):
            delivery.refresh_from_db()
            waits.append(delivery.next_attempt_at - delivery.claimed_at)
            with time_machine.travel(delivery.next_attempt_at, tick=False):
                outcome = outbox.send(delivery.pk)
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert outcome == outbox.Outcome.FAILED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.permanent) == (FAILED, 5, False)


def test_a_purpose_owner_may_skip_it_at_send_time():
    delivery = _email(Purpose.DRIFT_DIGEST)
    with mock.patch.dict(outbox._checks, {Purpose.DRIFT_DIGEST: lambda d: False}):
        assert outbox.send(delivery.pk) == outbox.Outcome.SKIPPED
    assert _status(delivery) == SKIPPED
    assert mail.outbox == []
    other = _email(Purpose.DRIFT_DIGEST)
    assert outbox.send(other.pk) == outbox.Outcome.SENT  # without the check it goes out


def test_every_purpose_has_a_policy_and_a_fixed_subject():
    assert set(outbox.POLICY) == set(Purpose)
    for policy in outbox.POLICY.values():
        subject = policy.subject()
        assert subject and "\n" not in subject


# --- The sweep ----------------------------------------------------------------------------


def test_the_sweep_hands_over_a_row_nobody_sent_once_it_has_settled():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        delivery = _email()  # recorded; the task that would send it never reached the broker
    with time_machine.travel(start + outbox.SETTLE - timedelta(seconds=1), tick=False):
        sweep_outbox()
    assert (_status(delivery), mail.outbox) == (PENDING, [])
    with time_machine.travel(start + outbox.SETTLE, tick=False):
        assert sweep_outbox() == 1
    assert _status(delivery) == SENT
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("purpose", list(Purpose))
def test_the_sweep_settles_a_row_left_sending_for_every_purpose(purpose):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        stuck = _email(purpose, address="stuck@example.org")
        fresh = _email(purpose, address="fresh@example.org")
        Delivery.objects.claim(stuck.pk, start)
    with time_machine.travel(start + outbox.SENDING_GRACE - timedelta(minutes=5), tick=False):
        Delivery.objects.claim(fresh.pk, timezone.now())  # a worker is sending it right now
    later = start + outbox.SENDING_GRACE + timedelta(seconds=1)
    # No reminder slot to look up for these: the outbox alone is under test.
    with mock.patch.dict(outbox._checks, {}, clear=True), time_machine.travel(later, tick=False):
        sweep_outbox()
    stuck.refresh_from_db()
    if outbox.POLICY[purpose].at_most_once:
        # Whether it went out is unknown: never sent again.
        assert (stuck.status, stuck.error) == (FAILED, "interrupted while sending")
        assert mail.outbox == []
    else:
        # Better twice than not at all: handed over again and sent.
        assert (stuck.status, stuck.attempts) == (SENT, 2)
        assert [m.to for m in mail.outbox] == [["stuck@example.org"]]
    assert _status(fresh) == SENDING


def test_an_unexpected_exception_is_retried_for_those_who_must_hear_then_fails():
    delivery = _email(Purpose.ALERT_COUNSELOR, address="casey@example.org")
    policy = outbox.POLICY[Purpose.ALERT_COUNSELOR]
    with mock.patch("messaging.transports.send_mail", side_effect=RuntimeError("bug")):
        outcomes = [outbox.send(delivery.pk)]
        for _attempt in range(policy.attempts - 1):
            Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
            outcomes.append(outbox.send(delivery.pk))
    assert outcomes == [outbox.Outcome.RETRY] * (policy.attempts - 1) + [outbox.Outcome.FAILED]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == (
        FAILED,
        policy.attempts,
        "RuntimeError",
    )
    # The same bug for a member's contact (at most once) fails at the first try.
    contact = _email(Purpose.ALERT_CONTACT)
    with mock.patch("messaging.transports.send_mail", side_effect=RuntimeError("bug")):
        assert outbox.send(contact.pk) == outbox.Outcome.FAILED


def test_a_task_out_of_time_gives_the_row_back_and_stops():
    delivery = _email(Purpose.ALERT_COUNSELOR, address="casey@example.org")
    with (
        mock.patch("messaging.transports.send_mail", side_effect=SoftTimeLimitExceeded()),
        pytest.raises(SoftTimeLimitExceeded),
    ):
        outbox.send(delivery.pk)
    assert _status(delivery) == PENDING
    # The sweep hands it over again, and this time it goes.
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    sweep_outbox()
    assert _status(delivery) == SENT
    assert [m.to for m in mail.outbox] == [["casey@example.org"]]


def test_a_row_that_kills_its_worker_every_time_is_not_resent_for_ever():
    start = timezone.now()
    attempts = outbox.POLICY[Purpose.ALERT_COUNSELOR].attempts
    with time_machine.travel(start, tick=False):
        spent = _email(Purpose.ALERT_COUNSELOR, address="spent@example.org")
        again = _email(Purpose.ALERT_COUNSELOR, address="again@example.org")
        for row in (spent, again):
            Delivery.objects.claim(row.pk, start)
        Delivery.objects.filter(pk=spent.pk).update(attempts=attempts)
    with time_machine.travel(start + outbox.SENDING_GRACE + timedelta(seconds=1), tick=False):
        sweep_outbox()
    assert _status(spent) == FAILED
    assert _status(again) == SENT
    assert [m.to for m in mail.outbox] == [["again@example.org"]]
