"""Reminders as notifications on a phone: dispatch records a push delivery set-based like
every channel (the PostgreSQL statement or the SQLite path, whichever this run uses), and
sending it reaches the member's device through the fake push service, content-free."""

from __future__ import annotations

from datetime import date, time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from messaging.models import Channel, Delivery, PushSubscription
from messaging.tasks import send_deliveries
from reminders import dispatch as reminders
from reminders.models import ReminderDelivery, SkipReason
from tests.factories import CheckInFactory
from tests.push_service import push_service, vapid_pair
from tests.reminders.helpers import (
    APP,
    MINUTE,
    MONDAY,
    NY,
    NY_SEVEN_PM,
    PENDING,
    SENT,
    member_with_reminder,
    slots,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_transports")]
PUSH = Channel.PUSH


@pytest.fixture
def service(settings):
    public, private = vapid_pair()
    settings.WAYPOINT_VAPID_PUBLIC_KEY = public
    settings.WAYPOINT_VAPID_PRIVATE_KEY = private
    with push_service() as running:
        yield running


def subscribed(member, service):
    device = service.device()
    PushSubscription.objects.create(
        member=member, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
    )
    return device


def test_a_member_who_chose_notifications_gets_one_on_their_phone(service):
    member, _schedule = member_with_reminder(
        NY, time(19, 0), by_email=False, in_app=True, by_push=True, display_name="Sam Ortiz"
    )
    phone = subscribed(member, service)

    tick = reminders.dispatch(NY_SEVEN_PM - MINUTE, NY_SEVEN_PM)

    assert slots() == [(MONDAY, APP, NY_SEVEN_PM, SENT), (MONDAY, PUSH, NY_SEVEN_PM, PENDING)]
    [delivery_id] = tick.to_send
    delivery = Delivery.objects.get(pk=delivery_id)
    assert (delivery.channel, delivery.address, delivery.to_user_id) == (
        PUSH,
        str(member.pk),
        member.pk,
    )
    with time_machine.travel(NY_SEVEN_PM, tick=False):
        send_deliveries([delivery_id])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.provider_id) == ("sent", "1 of 1 devices")
    [received] = service.received
    assert phone.decrypt(received.body) == {
        "title": "Time for your check-in",
        "body": "Time for your Waypoint check-in",
        "url": "/checkin/",
    }


def test_a_member_who_checked_in_meanwhile_gets_no_notification(service):
    member, _schedule = member_with_reminder(NY, time(19, 0), by_email=False, by_push=True)
    subscribed(member, service)
    [delivery_id] = reminders.dispatch(NY_SEVEN_PM - MINUTE, NY_SEVEN_PM).to_send
    CheckInFactory(member=member, local_date=MONDAY)

    with time_machine.travel(NY_SEVEN_PM, tick=False):
        send_deliveries([delivery_id])

    assert ReminderDelivery.objects.get(pk=delivery_id).skip == SkipReason.CHECKED_IN
    assert service.received == []


def test_push_adds_no_query_to_a_tick_whatever_the_number_of_members(service):
    def tick_queries(count: int, day: date) -> int:
        for _ in range(count):
            member, _schedule = member_with_reminder(NY, time(19, 0), by_push=True)
            subscribed(member, service)
        with CaptureQueriesContext(connection) as queries:
            reminders.dispatch(NY_SEVEN_PM - MINUTE, NY_SEVEN_PM)
        ReminderDelivery.objects.all().delete()
        Delivery.objects.all().delete()
        return len(queries)

    assert tick_queries(2, MONDAY) == tick_queries(12, MONDAY)
    assert ReminderDelivery.objects.count() == 0


def test_with_every_phone_gone_the_reminder_comes_in_waypoint_instead(service):
    member_with_reminder(NY, time(19, 0), by_email=False, by_push=True)

    tick = reminders.dispatch(NY_SEVEN_PM - MINUTE, NY_SEVEN_PM)

    assert slots() == [(MONDAY, APP, NY_SEVEN_PM, SENT)]
    assert tick.to_send == []


def test_a_spanish_speaking_member_reads_it_in_spanish(service):
    member, _schedule = member_with_reminder(NY, time(19, 0), by_email=False, by_push=True)
    member.language = "es"
    member.save(update_fields=["language"])
    phone = subscribed(member, service)
    [delivery_id] = reminders.dispatch(NY_SEVEN_PM - MINUTE, NY_SEVEN_PM).to_send

    with time_machine.travel(NY_SEVEN_PM, tick=False):
        send_deliveries([delivery_id])

    assert phone.decrypt(service.received[0].body) == {
        "title": "Es hora de tu registro diario",
        "body": "Es hora de tu registro diario en Waypoint",
        "url": "/checkin/",
    }
