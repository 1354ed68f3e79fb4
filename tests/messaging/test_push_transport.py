"""The web-push transport (messaging.transports.PushTransport) against a fake push service
on loopback: what a phone receives is decrypted with the device's own key and read; the
VAPID signature is checked with our public key; the push service's answers become the
outbox's outcomes."""

from __future__ import annotations

import logging
import time

import pytest

from messaging import outbox
from messaging.models import Channel, Purpose, PushSubscription
from messaging.transports import PUSH_TTL, PushTransport, TransportError, push_payload
from reminders.dispatch import reminder_text
from reminders.models import ReminderKind
from tests.factories import UserFactory
from tests.messaging.helpers import record_and_send
from tests.push_service import push_service, vapid_pair

pytestmark = pytest.mark.django_db

# Words that would tell a lock screen's reader about someone's health or who they are.
HEALTH_WORDS = ("craving", "relapse", "drink", "alcohol", "drug", "risk", "struggl", "alert")


@pytest.fixture
def keys(settings):
    public, private = vapid_pair()
    settings.WAYPOINT_VAPID_PUBLIC_KEY = public
    settings.WAYPOINT_VAPID_PRIVATE_KEY = private
    settings.WAYPOINT_VAPID_SUBJECT = "mailto:care-team@example.org"
    return public


@pytest.fixture
def service(keys):
    with push_service() as running:
        yield running


def subscribe(member, device) -> PushSubscription:
    return PushSubscription.objects.create(
        member=member, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
    )


def test_the_phone_gets_a_reminder_it_can_open_and_that_says_nothing_about_health(service, keys):
    member = UserFactory(display_name="Jordan Rivera")
    phone = service.device()
    subscribe(member, phone)
    text = reminder_text(ReminderKind.CHECKIN)

    provider_id = PushTransport().send(str(member.pk), "Time for your check-in", text, "k-1")

    assert provider_id == "1 of 1 devices"
    [received] = service.received
    payload = phone.decrypt(received.body)
    assert payload == {
        "title": "Time for your check-in",
        "body": "Time for your Waypoint check-in",
        "url": "/checkin/",
    }
    shown = " ".join(str(v) for v in payload.values()).lower()
    assert not [w for w in HEALTH_WORDS if w in shown]
    assert "jordan" not in shown and "rivera" not in shown
    # Signed by our VAPID key, for this push service, for a while only.
    claims = service.claims(received, keys)
    assert claims["aud"] == service.origin
    assert claims["sub"] == "mailto:care-team@example.org"
    assert time.time() < int(claims["exp"]) <= time.time() + 24 * 3600
    assert received.headers["ttl"] == str(PUSH_TTL)
    assert received.headers["content-encoding"] == "aes128gcm"


def test_a_check_up_reminder_opens_the_check_up():
    assert push_payload("Your check-up is ready", reminder_text(ReminderKind.BAM)) == (
        '{"title": "Your check-up is ready", "body": "Your Waypoint check-up is ready", '
        '"url": "/check-up/"}'
    )


def test_every_device_of_the_member_gets_it_and_a_gone_one_is_forgotten(service):
    member = UserFactory()
    phone, tablet = service.device("phone"), service.device("tablet")
    subscribe(member, phone)
    gone = subscribe(member, tablet)
    service.answers[:] = [201, 410]

    delivery, outcome = record_and_send(Channel.PUSH, str(member.pk), to_user=member)

    assert (outcome, delivery.status) == (outbox.Outcome.SENT, "sent")
    assert delivery.provider_id == "1 of 2 devices"
    assert len(service.received) == 2
    assert not PushSubscription.objects.filter(pk=gone.pk).exists()
    assert PushSubscription.objects.filter(member=member).count() == 1


def test_a_device_the_push_service_says_is_gone_is_deleted_and_fails_for_good(service):
    member = UserFactory()
    subscribe(member, service.device())
    service.answers[:] = [410]

    delivery, outcome = record_and_send(Channel.PUSH, str(member.pk), to_user=member)

    assert outcome == outbox.Outcome.FAILED
    assert (delivery.status, delivery.permanent, delivery.error) == (
        "failed",
        True,
        "every device has unsubscribed",
    )
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("code", [503, 429])
def test_a_busy_push_service_is_tried_again_and_the_device_kept(service, code):
    member = UserFactory()
    subscribe(member, service.device())
    service.answers[:] = [code]

    delivery, outcome = record_and_send(Channel.PUSH, str(member.pk), to_user=member)

    assert outcome == outbox.Outcome.RETRY
    assert (delivery.status, delivery.permanent, delivery.error) == (
        "pending",
        False,
        f"push service answered {code}",
    )
    assert PushSubscription.objects.count() == 1
    assert outbox.send(delivery.pk) == outbox.Outcome.SENT
    assert len(service.received) == 2


def test_a_push_service_that_cannot_be_reached_is_a_passing_fault(keys):
    member = UserFactory()
    with push_service() as closed:
        device = closed.device()
    subscribe(member, device)  # its service is shut: the connection is refused

    delivery, outcome = record_and_send(Channel.PUSH, str(member.pk), to_user=member)

    assert outcome == outbox.Outcome.RETRY
    assert delivery.error == "push service unreachable: ConnectionError"


def test_a_refused_signature_fails_for_good_but_keeps_the_device(service):
    member = UserFactory()
    subscribe(member, service.device())
    service.answers[:] = [403]

    delivery, _outcome = record_and_send(Channel.PUSH, str(member.pk), to_user=member)

    assert (delivery.status, delivery.permanent, delivery.error) == (
        "failed",
        True,
        "push service answered 403",
    )
    assert PushSubscription.objects.count() == 1


def test_the_endpoint_is_never_logged_nor_recorded(service, caplog):
    caplog.set_level(logging.DEBUG)
    member = UserFactory()
    device = service.device()
    subscribe(member, device)
    service.answers[:] = [410]

    delivery, _outcome = record_and_send(Channel.PUSH, str(member.pk), to_user=member)

    secret = device.endpoint.rsplit("/", 1)[1]
    assert secret not in caplog.text
    assert secret not in delivery.error + delivery.provider_id + delivery.address


def test_nothing_is_sent_without_keys_or_without_a_device(settings, keys):
    member = UserFactory()
    with pytest.raises(TransportError) as no_device:
        PushTransport().send(str(member.pk), "Time for your check-in", "Hello", "k")
    assert (str(no_device.value), no_device.value.permanent) == ("no device subscribed", True)
    with pytest.raises(TransportError, match="no device subscribed"):
        PushTransport().send("", "Time for your check-in", "Hello", "k")

    settings.WAYPOINT_VAPID_PRIVATE_KEY = ""
    delivery, _outcome = record_and_send(Channel.PUSH, str(member.pk), to_user=member)
    assert (delivery.status, delivery.permanent, delivery.error) == (
        "failed",
        True,
        "notifications are not set up",
    )


def test_a_reminder_through_the_outbox_uses_its_subject_as_the_title(service):
    member = UserFactory()
    phone = service.device()
    subscribe(member, phone)
    delivery = outbox.record(
        Purpose.CARE_NOTE, Channel.PUSH, str(member.pk), "A note", to_user=member
    )
    assert outbox.send(delivery.pk) == outbox.Outcome.SENT
    assert phone.decrypt(service.received[0].body)["title"] == (
        "Your care team left you a note in Waypoint"
    )
