"""Urgent alerts by text (alerts.notify._record_urgent_text): a return to use or thoughts of
self-harm reach the care team's urgent numbers, within each counselor's hours, and on-call
at any hour; everything else stays email only."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from alerts import notify
from alerts.models import Alert
from alerts.rules import SELF_HARM
from alerts.tasks import escalate_overdue, notify_alert
from core.stages import Stage
from messaging.models import Delivery
from tests.factories import CareAssignmentFactory, ConsentFactory, UserFactory

pytestmark = pytest.mark.django_db

URGENT = "+12025550188"
ON_CALL = "+12025550199"


class RecordingSms:
    sent: list[tuple[str, str]] = []

    def send(self, to: str, text: str, key: str) -> str:
        RecordingSms.sent.append((to, text))
        return "sms-1"


@pytest.fixture(autouse=True)
def _sms(settings):
    settings.WAYPOINT_SMS_BACKEND = f"{__name__}.RecordingSms"
    RecordingSms.sent = []


@pytest.fixture
def texted(counselor):
    """Casey (the member's counselor, every scope shared) takes urgent texts at any hour."""
    counselor.urgent_phone = URGENT
    counselor.save()
    return counselor


def _alert(member, stage=Stage.PHYSICAL, code="use_reported", **fields):
    return Alert.objects.create(
        member=member, stage=stage, signals=[{"code": code, "explanation": "x"}], **fields
    )


def _sent_to() -> list[str]:
    return [to for to, _text in RecordingSms.sent]


@pytest.mark.parametrize(
    ("stage", "code", "texted_too"),
    [
        (Stage.PHYSICAL, "use_reported", True),
        (Stage.MENTAL, SELF_HARM, True),
        (Stage.MENTAL, "craving_high", False),
        (Stage.EMOTIONAL, "halt_streak", False),
    ],
)
def test_urgent_alerts_reach_the_urgent_number_as_well_as_email(
    member, texted, mailoutbox, stage, code, texted_too
):
    notify_alert(_alert(member, stage, code).pk)

    assert [m.to for m in mailoutbox] == [[texted.email]]  # email always
    assert _sent_to() == ([URGENT] if texted_too else [])
    if texted_too:
        [(_to, text)] = RecordingSms.sent
        assert (
            text
            == "Waypoint: a client needs attention now. Open your alerts: http://testserver/alerts/"
        )
        assert member.display_name not in text
        delivery = Delivery.objects.get(channel="sms")
        assert (delivery.status, delivery.to_user, delivery.about) == ("sent", texted, member)


def test_a_counselor_without_an_urgent_number_gets_email_while_one_with_it_is_texted(
    member, texted, mailoutbox
):
    other = CareAssignmentFactory(member=member).counselor
    ConsentFactory(member=member, recipient=other)

    notify_alert(_alert(member).pk)

    assert sorted(m.to[0] for m in mailoutbox) == sorted([texted.email, other.email])
    assert _sent_to() == [URGENT]


def test_only_counselors_who_may_see_the_alerts_are_texted(member, texted):
    no_alerts = CareAssignmentFactory(member=member).counselor
    ConsentFactory(member=member, recipient=no_alerts, scope_alerts=False)
    no_alerts.urgent_phone = "+12025550177"
    no_alerts.save()

    notify_alert(_alert(member).pk)

    assert _sent_to() == [URGENT]


# 2027-06-15: New York is on EDT (UTC-4). 2027-11-16: EST (UTC-5), after the clocks went back.
@pytest.mark.parametrize(
    ("hours", "utc_now", "texted_too"),
    [
        ((time(8), time(18)), datetime(2027, 6, 15, 13, 0, tzinfo=UTC), True),  # 09:00 EDT
        ((time(8), time(18)), datetime(2027, 6, 15, 7, 0, tzinfo=UTC), False),  # 03:00 EDT
        ((time(8), time(18)), datetime(2027, 6, 15, 22, 0, tzinfo=UTC), False),  # 18:00 EDT
        ((time(8), time(18)), datetime(2027, 11, 16, 13, 30, tzinfo=UTC), True),  # 08:30 EST
        ((time(8), time(18)), datetime(2027, 11, 16, 12, 30, tzinfo=UTC), False),  # 07:30 EST
        ((time(22), time(7)), datetime(2027, 6, 16, 3, 0, tzinfo=UTC), True),  # 23:00 EDT
        ((time(22), time(7)), datetime(2027, 6, 16, 10, 0, tzinfo=UTC), True),  # 06:00 EDT
        ((time(22), time(7)), datetime(2027, 6, 15, 16, 0, tzinfo=UTC), False),  # noon EDT
    ],
)
def test_texts_keep_to_the_counselors_hours_in_their_own_time_zone(
    member, texted, mailoutbox, hours, utc_now, texted_too
):
    texted.timezone = "America/New_York"
    texted.urgent_from, texted.urgent_until = hours
    texted.save()

    with time_machine.travel(utc_now, tick=False):
        notify_alert(_alert(member, opened_at=timezone.now()).pk)

    assert [m.to for m in mailoutbox] == [[texted.email]]  # outside the hours: email still
    assert _sent_to() == ([URGENT] if texted_too else [])


def test_the_repeat_window_holds_texts_as_it_holds_email(member, texted, mailoutbox):
    alert = _alert(member)
    notify.tell_care_team(alert.pk)
    notify.tell_care_team(alert.pk)  # a retried task, a second signal at once

    assert (len(mailoutbox), _sent_to()) == (1, [URGENT])


@pytest.mark.parametrize(
    ("setting", "backend"),
    [
        ({"WAYPOINT_URGENT_TEXTS": False}, None),
        ({}, "messaging.transports.DisabledSmsBackend"),
    ],
)
def test_texts_turned_off_or_not_set_up_leave_email_alone(
    member, texted, mailoutbox, settings, setting, backend
):
    for name, value in setting.items():
        setattr(settings, name, value)
    if backend:
        settings.WAYPOINT_SMS_BACKEND = backend

    notify_alert(_alert(member).pk)

    assert [m.to for m in mailoutbox] == [[texted.email]]
    assert not Delivery.objects.filter(channel="sms").exists()  # not tried and failed


@pytest.fixture
def on_call(member):
    return UserFactory(
        role=Role.COUNSELOR,
        on_call=True,
        program=member.program,
        urgent_phone=ON_CALL,
        # Hours for their own caseload; on call, they agreed to be reached at any hour.
        urgent_from=time(9),
        urgent_until=time(17),
        timezone="America/New_York",
    )


def test_an_unacknowledged_physical_alert_texts_on_call_at_any_hour(member, on_call, mailoutbox):
    three_am_edt = datetime(2027, 6, 15, 7, 0, tzinfo=UTC)
    with time_machine.travel(three_am_edt, tick=False):
        alert = _alert(member, opened_at=timezone.now() - timedelta(minutes=61))
        escalate_overdue()

    assert [m.to for m in mailoutbox] == [[on_call.email]]
    assert _sent_to() == [ON_CALL]
    alert.refresh_from_db()
    assert alert.escalated_at is not None


def test_an_unacknowledged_emotional_alert_reaches_on_call_by_email_only(
    member, on_call, mailoutbox
):
    _alert(member, Stage.EMOTIONAL, "halt_streak", opened_at=timezone.now() - timedelta(days=2))
    escalate_overdue()

    assert [m.to for m in mailoutbox] == [[on_call.email]]
    assert _sent_to() == []


def test_a_self_harm_yes_texts_on_call_at_once(member, on_call, mailoutbox):
    alert = _alert(member, Stage.MENTAL, SELF_HARM)

    assert notify.escalate_now(alert.pk) == 2  # the email and the text

    assert _sent_to() == [ON_CALL]
    assert [m.to for m in mailoutbox] == [[on_call.email]]
