"""The accounting of disclosures: program admins export it for a member, a member for
themselves; CSV of date, recipient, description, purpose, consent, within six years."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import REFUSED, AuditEvent, Consent, Role, Scope
from contacts.models import ContactDelivery, SupportContact
from home.accounting import earliest_day
from messaging.models import Channel, Delivery, DeliveryStatus, Purpose
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _rows(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def _period(**extra):
    today = timezone.localdate()
    return {"first": (today - timedelta(days=30)).isoformat(), "last": today.isoformat(), **extra}


@pytest.fixture
def history(member, counselor):
    consent = Consent.objects.get(member=member)
    at = timezone.now() - timedelta(days=2)
    AuditEvent.objects.create(
        actor=counselor,
        member=member,
        action="view_plan",
        scope=Scope.PLAN,
        at=at,
        consent=consent,
        purpose=consent.purpose,
    )
    AuditEvent.objects.create(actor=counselor, member=member, action=REFUSED, scope="plan", at=at)
    contact = SupportContact.objects.create(
        member=member, name="=Jo", relationship="friend", phone="+12025550143"
    )
    told = Delivery.objects.create(
        purpose=Purpose.ALERT_CONTACT,
        channel=Channel.SMS,
        about=member,
        address="+12025550143",
        text="Alex could use a call",
        status=DeliveryStatus.SENT,
        sent_at=at + timedelta(minutes=5),
    )
    ContactDelivery.objects.create(delivery=told, contact=contact)
    Delivery.objects.create(  # the member's own reminder is no disclosure
        purpose=Purpose.REMINDER,
        channel=Channel.EMAIL,
        to_user=member,
        about=member,
        status=DeliveryStatus.SENT,
        sent_at=at,
    )
    return consent


def test_a_program_admin_exports_a_members_accounting(client, member, history, program_admin):
    client.force_login(program_admin)
    assert client.get("/staff/accounting/").status_code == 200
    response = client.post("/staff/accounting/", _period(email=member.email.upper()))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0] == ["date", "recipient", "description", "purpose", "consent"]
    assert [r[1:] for r in rows[1:3]] == [
        [
            "Casey",
            "Read your plan",
            "Care with my counselor",
            f"Consent no. {history.pk} of {timezone.localdate(history.granted_at):%Y-%m-%d}",
        ],
        [
            "'=Jo",  # a typed name never runs as a spreadsheet formula
            "Message by text message: Alert to a support contact",
            "Support when you may need it, in words you approved",
            "Your choice: they agreed and you chose to let them be told",
        ],
    ]
    # The export itself is the last line: the admin saw the list.
    assert rows[3][1:3] == [
        program_admin.display_name,
        "Downloaded the list of who saw your record",
    ]
    assert len(rows) == 4
    assert "Alex could use a call" not in str(rows) and "+1202" not in str(rows)
    exported = AuditEvent.objects.get(action="export_accounting")
    assert (exported.actor, exported.member) == (program_admin, member)


def test_a_member_downloads_their_own(signed_in, member, history):
    rows = _rows(signed_in.post("/account/access-log/download/", _period()))
    assert len(rows) == 3
    assert not AuditEvent.objects.filter(action="export_accounting").exists()


def test_the_period_stays_within_six_years_and_makes_sense(client, program_admin, member):
    client.force_login(program_admin)
    today = timezone.localdate()
    too_early = (earliest_day(today) - timedelta(days=1)).isoformat()
    for data in [
        _period(email=member.email, first=too_early),
        _period(email=member.email, last=(today + timedelta(days=1)).isoformat()),
        _period(email=member.email, first=today.isoformat(), last=too_early),
        _period(email="nobody@example.org"),
        _period(email=member.email, first="0001-01-01"),
        _period(email=member.email, first="not a day"),
    ]:
        response = client.post("/staff/accounting/", data)
        assert response.status_code == 200 and "Content-Disposition" not in response
    assert not AuditEvent.objects.exists()
    ok = client.post("/staff/accounting/", _period(email=member.email, first=earliest_day(today)))
    assert ok["Content-Type"].startswith("text/csv")


def test_only_program_admins_and_the_member_export(client, member, counselor, coordinator):
    for person in (counselor, coordinator, UserFactory(role=Role.MEMBER)):
        client.force_login(person)
        response = client.post("/staff/accounting/", _period(email=member.email))
        assert response.status_code == 403
    client.logout()
    assert client.post("/staff/accounting/", _period(email=member.email)).status_code == 302
    assert not AuditEvent.objects.exists()


def test_earliest_day_handles_a_leap_day():
    from datetime import date

    assert earliest_day(date(2028, 2, 29)) == date(2022, 2, 28)
