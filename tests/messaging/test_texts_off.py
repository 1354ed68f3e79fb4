"""A program without an SMS gateway (messaging.transports.DisabledSmsBackend, the default
with DEBUG off): nothing offers a text message, and supporters with an email address are
written to instead of being lost to a text that can only fail."""

from __future__ import annotations

import pytest
from django.core import mail

from alerts.models import Alert
from contacts.models import SupportContact
from messaging.models import Delivery
from reminders.models import ReminderSchedule

pytestmark = pytest.mark.django_db

OFF = "messaging.transports.DisabledSmsBackend"
ON = "messaging.transports.ConsoleSmsBackend"


@pytest.fixture
def signed_in(client, member):
    member.phone = "+12025550100"
    member.save()
    client.force_login(member)
    return client


def _contact(member, name, **fields):
    return SupportContact.objects.create(
        member=member,
        name=name,
        relationship="friend",
        may_be_told=True,
        auto_alerts=True,
        approved_message=f"{member.display_name} could use a call from you today.",
        **fields,
    )


@pytest.mark.parametrize("backend", [OFF, ON])
def test_the_reminder_form_offers_text_messages_only_when_they_can_be_sent(
    settings, signed_in, backend
):
    settings.WAYPOINT_SMS_BACKEND = backend
    page = signed_in.get("/checkin/reminders/").content.decode()
    assert ('value="sms"' in page) is (backend == ON)
    assert 'value="email"' in page and 'value="app"' in page


def test_a_text_reminder_posted_anyway_is_refused_and_nothing_changes(settings, signed_in, member):
    settings.WAYPOINT_SMS_BACKEND = OFF
    before = list(ReminderSchedule.objects.filter(member=member).values_list("pk", "by_sms"))
    data = {"save_reminder": "1", "local_time": "08:00", "days": ["0"], "channels": ["sms"]}
    response = signed_in.post("/checkin/reminders/", data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    after = list(ReminderSchedule.objects.filter(member=member).values_list("pk", "by_sms"))
    assert after == before


def test_struggling_offers_email_for_a_contact_with_both_and_skips_a_phone_only_one(
    settings, signed_in, member, counselor, django_capture_on_commit_callbacks
):
    settings.WAYPOINT_SMS_BACKEND = OFF
    both = _contact(member, "Jo", phone="+12025550143", email="jo@example.org")
    phone_only = _contact(member, "Max", phone="+12025550144")

    signed_in.post("/help/struggling/")
    page = signed_in.get("/help/struggling/").content.decode()
    assert "By email to jo@example.org" in page
    assert "By text message" not in page
    assert f'value="{phone_only.pk}"' not in page

    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post("/help/struggling/tell/", {"contact": [str(both.pk)]})
    [delivery] = Delivery.objects.filter(contact_link__contact=both)
    assert (delivery.channel, delivery.address, delivery.status) == (
        "email",
        "jo@example.org",
        "sent",
    )
    assert ["jo@example.org"] in [m.to for m in mail.outbox]
    assert Alert.objects.filter(member=member, stage="mental").exists()
