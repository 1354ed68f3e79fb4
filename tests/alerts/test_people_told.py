"""An alert is "people told" (Alert.notified_at, alerts.notify.mark_notified) only once a
notice about it was actually sent: a worker killed mid-send leaves it not yet told, the
outbox's sweep resends the counselor's email after the lease, and that resend stamps it
the moment it is sent (messaging.outbox.after_sent), not a re-notify sweep later."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.utils import timezone

from alerts.evaluation import evaluate_many
from alerts.models import Alert
from alerts.tasks import escalate_overdue, notify_alert
from checkins.progress import local_date
from messaging import outbox
from messaging.models import Delivery, DeliveryStatus
from messaging.tasks import sweep_outbox
from messaging.transports import message_id
from tests.factories import CareAssignmentFactory, CheckInFactory, ConsentFactory

pytestmark = pytest.mark.django_db


class _WorkerKilled(BaseException):
    """The worker process dies mid-send: nothing after this line of the send runs."""


def _cravings(member):
    today = local_date(member.timezone)
    CheckInFactory(member=member, local_date=today, craving=9)
    CheckInFactory(member=member, local_date=today - timedelta(days=1), craving=9)


@pytest.fixture
def sams_counselor(other_member):
    link = CareAssignmentFactory(member=other_member, counselor__display_name="Robin")
    ConsentFactory(member=other_member, recipient=link.counselor)
    return link.counselor


def _to(mailoutbox, person):
    return [m for m in mailoutbox if m.to == [person.email]]


def test_an_alert_whose_email_died_mid_send_is_told_only_once_the_resend_is_sent(
    member, counselor, other_member, sams_counselor, mailoutbox
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _cravings(member)
        _cravings(other_member)
        evaluate_many([member, other_member])  # both open; their notify tasks run below
        alex = Alert.objects.get(member=member)
        sam = Alert.objects.get(member=other_member)
        notify_alert(sam.pk)
        with (
            mock.patch("messaging.transports.EmailTransport.send", side_effect=_WorkerKilled),
            pytest.raises(_WorkerKilled),
        ):
            notify_alert(alex.pk)
    [stuck] = Delivery.objects.filter(alert_notice__alert=alex)
    assert (stuck.status, stuck.attempts, stuck.claimed_at) == (DeliveryStatus.SENDING, 1, start)

    # The re-notify sweep runs before the outbox's lease has run out: Sam's counselor was
    # told and Sam's alert says so; nobody has told Alex's counselor, and Alex's alert says
    # so too (it used to say "people told" here).
    with time_machine.travel(start + outbox.LEASE - timedelta(seconds=10), tick=False):
        Alert.objects.update(opened_at=start - timedelta(minutes=5))  # past the settle time
        escalate_overdue()
    sam.refresh_from_db()
    alex.refresh_from_db()
    assert len(_to(mailoutbox, sams_counselor)) == 1
    assert sam.notified_at is not None
    assert _to(mailoutbox, counselor) == []
    assert alex.notified_at is None
    assert Delivery.objects.get(pk=stuck.pk).status == DeliveryStatus.SENDING

    # The lease has run out: the outbox's sweep resends it (a counselor would rather hear
    # twice than not at all), under the delivery's own Message-ID.
    resent_at = start + outbox.LEASE + timedelta(seconds=1)
    with time_machine.travel(resent_at, tick=False):
        sweep_outbox()
    [email] = _to(mailoutbox, counselor)
    assert email.extra_headers["Message-ID"] == message_id(outbox.delivery_key(stuck.pk))
    stuck.refresh_from_db()
    assert (stuck.status, stuck.attempts, stuck.sent_at) == (DeliveryStatus.SENT, 2, resent_at)
    alex.refresh_from_db()
    assert alex.notified_at == resent_at  # told when the email went, by the resend itself

    # The next re-notify sweep finds nothing to do and sends nothing more.
    with time_machine.travel(resent_at + timedelta(minutes=2), tick=False):
        escalate_overdue()
    alex.refresh_from_db()
    assert alex.notified_at == resent_at
    assert len(_to(mailoutbox, counselor)) == 1
    assert len(_to(mailoutbox, sams_counselor)) == 1


def test_an_alert_whose_only_notice_may_not_have_been_sent_is_not_told(
    member, counselor, other_member, sams_counselor, mailoutbox
):
    """A notice whose outcome is unknown is never "told": the alert keeps waiting."""
    _cravings(member)
    _cravings(other_member)
    evaluate_many([member, other_member])
    alex = Alert.objects.get(member=member)
    sam = Alert.objects.get(member=other_member)
    with (
        mock.patch("messaging.transports.EmailTransport.send", side_effect=_WorkerKilled),
        pytest.raises(_WorkerKilled),
    ):
        notify_alert(alex.pk)
    Delivery.objects.filter(alert_notice__alert=alex).update(status=DeliveryStatus.UNKNOWN)
    notify_alert(sam.pk)
    notify_alert(alex.pk)  # run again, as the sweep would
    alex.refresh_from_db()
    sam.refresh_from_db()
    assert alex.notified_at is None
    assert sam.notified_at is not None
    assert _to(mailoutbox, counselor) == []
    assert len(_to(mailoutbox, sams_counselor)) == 1
