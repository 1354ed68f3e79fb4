"""The outbox: a row moves only forward, through guarded steps, and never stays `sending`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.mail import BadHeaderError
from django.db import OperationalError
from django.utils import timezone

from messaging import outbox
from messaging.models import Channel, Delivery, DeliveryQuerySet, Purpose
from messaging.tasks import sweep_outbox
from messaging.transports import (
    TransportError,
    message_id,
    transport_for,
)
from tests.messaging.helpers import (
    FAILED,
    PENDING,
    SENDING,
    SENT,
    SKIPPED,
    TEXT,
    UNKNOWN,
    email_delivery,
    status_of,
)

pytestmark = pytest.mark.django_db


# --- Guarded transitions ------------------------------------------------------------------


def test_a_row_is_claimed_once():
    delivery = email_delivery()
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
        # "May not have been sent": a worker that outlived its lease still knows better,
        # but only that it was sent; nothing else moves it.
        (SENDING, "unknown", True, UNKNOWN),
        (UNKNOWN, "sent", True, SENT),
        (UNKNOWN, "failed", False, UNKNOWN),
        (UNKNOWN, "retry", False, UNKNOWN),
        (UNKNOWN, "skipped", False, UNKNOWN),
        (PENDING, "unknown", False, PENDING),
        (SENT, "unknown", False, SENT),
    ],
)
def test_every_transition_moves_only_from_the_status_it_expects(start, step, moves, end):
    delivery = email_delivery()
    Delivery.objects.filter(pk=delivery.pk).update(status=start)
    now = timezone.now()
    manager = Delivery.objects
    moved = {
        "sent": lambda: manager.mark_sent(delivery.pk, "id-1", now),
        "failed": lambda: manager.mark_failed(delivery.pk, "gateway answered 400", permanent=True),
        "retry": lambda: manager.mark_retry(delivery.pk, "gateway answered 503", now),
        "skipped": lambda: manager.mark_skipped(delivery.pk),
        "unknown": lambda: manager.mark_unknown(delivery.pk, "interrupted while sending"),
    }[step]()
    assert moved is moves
    assert status_of(delivery) == end


def test_skipping_many_leaves_rows_already_claimed_alone():
    waiting, claimed = email_delivery(), email_delivery()
    Delivery.objects.claim(claimed.pk, timezone.now())
    assert Delivery.objects.skip_pending([waiting.pk, claimed.pk]) == [waiting.pk]
    assert (status_of(waiting), status_of(claimed)) == (SKIPPED, SENDING)


# --- send() -------------------------------------------------------------------------------


def test_send_sends_once_however_often_it_is_called():
    delivery = email_delivery()
    assert outbox.send(delivery.pk) == outbox.Outcome.SENT
    assert outbox.send(delivery.pk) == outbox.Outcome.NOT_CLAIMED
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (SENT, 1)


class _Crashing:
    """A transport with a bug: it raises what nobody expected, with a text in the message."""

    def send(self, address: str, subject: str, text: str, key: str) -> str:
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
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=BadHeaderError("Subject\n")):
        delivery, outcome = outbox.record_and_send(
            Purpose.ALERT_CONTACT, Channel.EMAIL, "dana@example.org", TEXT
        )
    assert outcome == outbox.Outcome.FAILED
    assert status_of(delivery) == FAILED


def test_a_passing_fault_is_retried_with_growing_waits_then_given_up():
    class Busy:
        def send(self, address, subject, text, key):
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
    delivery = email_delivery(Purpose.DRIFT_DIGEST)
    with mock.patch.dict(outbox._checks, {Purpose.DRIFT_DIGEST: lambda d: False}):
        assert outbox.send(delivery.pk) == outbox.Outcome.SKIPPED
    assert status_of(delivery) == SKIPPED
    assert mail.outbox == []
    other = email_delivery(Purpose.DRIFT_DIGEST)
    assert outbox.send(other.pk) == outbox.Outcome.SENT  # without the check it goes out


def test_a_purpose_owner_hears_of_each_sent_delivery_and_its_failure_changes_nothing():
    told: list[int] = []
    sent = email_delivery(Purpose.DRIFT_DIGEST)
    with mock.patch.dict(outbox._on_sent, {Purpose.DRIFT_DIGEST: told.append}):
        assert outbox.send(sent.pk) == outbox.Outcome.SENT
    assert told == [sent.pk]

    def database_gone(delivery_id: int) -> None:
        raise OperationalError("server closed the connection")

    other = email_delivery(Purpose.DRIFT_DIGEST)
    with mock.patch.dict(outbox._on_sent, {Purpose.DRIFT_DIGEST: database_gone}):
        # It went out and stays recorded so; the owner's sweep catches up later.
        assert outbox.send(other.pk) == outbox.Outcome.SENT
    assert status_of(other) == SENT
    assert len(mail.outbox) == 2


def test_the_readme_states_each_purposes_policy_as_the_table_has_it():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("### The delivery policy per purpose", 1)[1]
    for purpose, policy in outbox.POLICY.items():
        tried = "at most once" if policy.at_most_once else "at least once"
        unknown = "May not have been sent; never resent" if policy.at_most_once else "Resent"
        row = f"| `{purpose}` | {tried} | {policy.attempts} | {unknown}"
        assert row in section


def test_every_purpose_has_a_policy_and_a_fixed_subject():
    assert set(outbox.POLICY) == set(Purpose)
    for policy in outbox.POLICY.values():
        subject = policy.subject()
        assert subject and "\n" not in subject


# --- The sweep ----------------------------------------------------------------------------


def test_an_unknown_channel_has_no_transport():
    with pytest.raises(TransportError) as unknown:
        transport_for("pigeon")
    assert unknown.value.permanent


def test_an_unexpected_exception_is_retried_for_those_who_must_hear_then_fails():
    delivery = email_delivery(Purpose.ALERT_COUNSELOR, address="casey@example.org")
    policy = outbox.POLICY[Purpose.ALERT_COUNSELOR]
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=RuntimeError("bug")):
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
    contact = email_delivery(Purpose.ALERT_CONTACT)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=RuntimeError("bug")):
        assert outbox.send(contact.pk) == outbox.Outcome.FAILED


# --- Sent, then the database failed -------------------------------------------------------


def _sent_but_not_recorded(delivery):
    """The mail server takes the email; recording that fails (the database went away)."""
    lost = OperationalError("server closed the connection unexpectedly")
    with (
        mock.patch.object(DeliveryQuerySet, "mark_sent", side_effect=lost),
        pytest.raises(outbox.SentNotRecorded),
    ):
        outbox.send(delivery.pk)


def test_an_email_sent_just_before_a_database_error_is_resent_as_the_same_message():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        delivery = email_delivery(Purpose.ALERT_COUNSELOR, address="casey@example.org")
        _sent_but_not_recorded(delivery)
    # Neither failed nor waiting to be retried as if it never went: still being sent.
    assert status_of(delivery) == SENDING
    with time_machine.travel(start + outbox.LEASE - timedelta(seconds=1), tick=False):
        sweep_outbox()
    assert status_of(delivery) == SENDING
    with time_machine.travel(start + outbox.LEASE + timedelta(seconds=1), tick=False):
        sweep_outbox()
    # A counselor would rather hear twice: sent again, recognisably the same message.
    first, again = mail.outbox
    assert first.to == again.to == ["casey@example.org"]
    same = message_id(outbox.delivery_key(delivery.pk))
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"] == same
    assert same in first.message().as_string()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (SENT, 2)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("failures", [1, len(outbox.RECORD_WAITS)])
def test_a_send_is_recorded_once_the_database_is_back_within_the_waits(failures):
    """A restart just after the mail server took it: recorded sent on a fresh connection."""
    delivery = email_delivery(Purpose.ALERT_CONTACT, address="dana@example.org")
    real = DeliveryQuerySet.mark_sent
    calls = []

    def fails_then_works(self, *args):
        calls.append(1)
        if len(calls) <= failures:
            raise OperationalError("server closed the connection unexpectedly")
        return real(self, *args)

    with (
        mock.patch.object(DeliveryQuerySet, "mark_sent", fails_then_works),
        mock.patch.object(outbox, "RECORD_WAITS", (0.0,) * len(outbox.RECORD_WAITS)),
    ):
        assert outbox.send(delivery.pk) == outbox.Outcome.SENT
    assert len(calls) == failures + 1
    assert [m.to for m in mail.outbox] == [["dana@example.org"]]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (SENT, 1)


@pytest.mark.django_db(transaction=True)
def test_a_database_down_past_the_waits_leaves_the_send_for_the_lease():
    delivery = email_delivery(Purpose.ALERT_CONTACT, address="dana@example.org")
    lost = OperationalError("server closed the connection unexpectedly")
    with (
        mock.patch.object(DeliveryQuerySet, "mark_sent", side_effect=lost) as mark_sent,
        mock.patch.object(outbox, "RECORD_WAITS", (0.0,) * len(outbox.RECORD_WAITS)),
        pytest.raises(outbox.SentNotRecorded),
    ):
        outbox.send(delivery.pk)
    assert mark_sent.call_count == len(outbox.RECORD_WAITS) + 1
    # Sent once, and neither failed nor pending: the sweep settles it after the lease.
    assert len(mail.outbox) == 1
    assert status_of(delivery) == SENDING


def test_a_message_to_a_members_people_sent_before_a_database_error_may_not_have_been_sent():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        delivery = email_delivery(Purpose.ALERT_CONTACT, address="dana@example.org")
        other = email_delivery(Purpose.ALERT_CONTACT, address="lee@example.org")
        _sent_but_not_recorded(delivery)
        assert outbox.send(other.pk) == outbox.Outcome.SENT
    with time_machine.travel(start + outbox.LEASE + timedelta(seconds=1), tick=False):
        sweep_outbox()
    # Never sent twice, and never recorded as unsent: "may not have been sent".
    assert [m.to for m in mail.outbox] == [["dana@example.org"], ["lee@example.org"]]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.error) == (UNKNOWN, "interrupted while sending")
    assert delivery.get_status_display() == "May not have been sent"
    assert status_of(other) == SENT
