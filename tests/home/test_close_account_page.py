"""A member closes their account: health data and people erased, the audit trail kept
under a pseudonym, signed out, a kind goodbye; closing twice does nothing more."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.access import can_view
from accounts.models import AuditEvent, Consent, Scope, User
from alerts.models import Alert
from checkins.models import CheckIn, UseReport
from contacts.models import ContactDelivery, SupportContact
from home.closing import close_account, pseudonym
from measures.models import BamAttempt, BamResult
from messaging.models import Channel, Delivery, DeliveryStatus, Purpose, PushSubscription
from plans.models import Plan, PlanVersion
from reminders.models import ReminderSchedule
from tests.alerts.helpers import open_alert
from tests.factories import PASSWORD, CheckInFactory
from tests.measures.helpers import record_result
from texting.models import InboundText, TextConversation, TextSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forget_wrong_passwords(member):
    # Wrong tries are counted in the cache, which outlives a test's database.
    yield
    cache.delete(f"confirm-identity:{member.pk}")


@pytest.fixture
def record(member, counselor, plan):
    CheckInFactory(member=member, note="Rough evening")
    record_result(member)
    BamAttempt.objects.create(member=member, answers={"1": 2}, current="2")
    UseReport.objects.create(
        member=member, occurred_at=timezone.now(), local_date=timezone.localdate(), notes="x"
    )
    contact = SupportContact.objects.create(
        member=member, name="Jo", relationship="friend", phone="+12025550143"
    )
    told = Delivery.objects.create(
        purpose=Purpose.ALERT_CONTACT,
        channel=Channel.SMS,
        about=member,
        address="+12025550143",
        text="Alex could use a call",
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
    )
    ContactDelivery.objects.create(delivery=told, contact=contact)
    open_alert(member, "mental", 1)
    TextSettings.objects.create(member=member, used_word="anchor")
    TextConversation.objects.create(member=member)
    InboundText.objects.create(message_id="gw-1", phone="+12025550177", member=member)
    PushSubscription.objects.create(
        member=member, endpoint="https://push.example.net/send/abc", p256dh="k", auth="a"
    )
    view = AuditEvent.objects.create(
        actor=counselor, member=member, action="view_plan", scope=Scope.PLAN
    )
    return {"member": member, "counselor": counselor, "told": told, "view": view}


def _close(client, **extra):
    data = {"password": PASSWORD, "understand": "on", **extra}
    return client.post("/account/close/", data)


def test_closing_erases_health_data_and_people_and_keeps_the_audit_trail(signed_in, record):
    member, counselor = record["member"], record["counselor"]
    page = signed_in.get("/account/close/").content.decode()
    assert "What is erased" in page and "What the law asks us to keep" in page

    response = _close(signed_in)
    assert response.status_code == 302 and response["Location"] == "/goodbye/"

    for model in (
        Plan,
        PlanVersion,
        CheckIn,
        UseReport,
        BamResult,
        BamAttempt,
        SupportContact,
        ReminderSchedule,
        Alert,
        TextSettings,
        TextConversation,
        InboundText,
        PushSubscription,
    ):
        assert not model.objects.filter(**_owner(model, member)).exists(), model
    told = Delivery.objects.get(pk=record["told"].pk)
    assert (told.text, told.address, told.status) == ("", "", DeliveryStatus.SENT)

    member.refresh_from_db()
    name, email = pseudonym(member.pk)
    assert (member.display_name, member.email, member.phone) == (name, email, "")
    assert not member.is_active and member.closed_at is not None
    assert not member.has_usable_password()
    # The audit trail still points at the (pseudonymised) person, and gained the closing.
    assert AuditEvent.objects.get(pk=record["view"].pk).member_id == member.pk
    assert AuditEvent.objects.filter(member=member, action="close_account").count() == 1
    consent = Consent.objects.get(member=member)
    assert consent.revoked_at is not None and consent.text  # kept as signed, stopped
    assert not can_view(counselor, member, Scope.ENGAGEMENT)


def test_the_member_is_signed_out_and_sees_a_kind_goodbye(signed_in, record):
    goodbye = _close(signed_in, next="/").wsgi_request
    assert not goodbye.user.is_authenticated
    page = signed_in.get("/goodbye/").content.decode()
    assert "Your account is closed" in page and "988" in page
    assert signed_in.get("/today/").status_code == 302  # to sign-in
    # Signing in again with the old address and password gets the sign-in form back.
    again = signed_in.post(
        "/accounts/login/", {"username": record["member"].email, "password": PASSWORD}
    )
    assert again.status_code == 200 and not again.wsgi_request.user.is_authenticated


def test_closing_twice_does_nothing_more(record):
    member = record["member"]
    assert close_account(member) is True
    closed = User.objects.get(pk=member.pk)
    assert close_account(closed) is False
    assert close_account(member) is False  # a stale copy too
    assert AuditEvent.objects.filter(member=member, action="close_account").count() == 1
    assert User.objects.get(pk=member.pk).closed_at == closed.closed_at


def test_nothing_closes_without_the_password_and_the_tick(signed_in, record):
    for extra in ({"password": "wrong"}, {"understand": ""}, {"password": ""}):
        response = _close(signed_in, **extra)
        assert response.status_code == 200, extra
    member = User.objects.get(pk=record["member"].pk)
    assert member.is_active and member.closed_at is None
    assert Plan.objects.filter(member=member).exists()


def test_other_members_records_are_untouched(signed_in, record, other_member):
    CheckInFactory(member=other_member)
    _close(signed_in)
    assert CheckIn.objects.filter(member=other_member).count() == 1
    assert User.objects.get(pk=other_member.pk).is_active


def _owner(model, member):
    if model is PlanVersion:
        return {"plan__member": member}
    return {"member": member}
