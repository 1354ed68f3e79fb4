"""Who hears about an alert: the care team, supporters who agreed (daily at most), on-call."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from alerts import notify
from alerts.evaluation import acknowledge
from alerts.models import Alert, AlertNotice
from alerts.tasks import escalate_overdue, evaluate_member, notify_alert
from checkins.models import UseReport
from checkins.progress import local_date
from contacts.models import SupportContact
from core.stages import Stage
from messaging.models import Delivery
from messaging.tasks import sweep_outbox
from messaging.transports import TransportError
from tests.factories import CareAssignmentFactory, CheckInFactory, ConsentFactory, UserFactory

pytestmark = pytest.mark.django_db

FAILING: list[TransportError] = []


class FlakySms:
    """The SMS gateway, as far as these tests need it: raises what FAILING holds."""

    def send(self, to: str, text: str, key: str) -> str:
        if FAILING:
            raise FAILING[0]
        return f"sms-{to}"


@pytest.fixture(autouse=True)
def _sms(settings):
    settings.WAYPOINT_SMS_BACKEND = f"{__name__}.FlakySms"
    FAILING.clear()
    yield
    FAILING.clear()


def _contact(member, name="Jo", agreed=True, message="Alex could use a call from you today."):
    return SupportContact.objects.create(
        member=member,
        name=name,
        relationship="friend",
        phone="+12025550143",
        may_be_told=agreed,
        auto_alerts=agreed,
        approved_message=message if agreed else "",
    )


def _alert(member, stage=Stage.MENTAL, **fields):
    fields.setdefault("notified_at", timezone.now())  # as if its notify task had run
    return Alert.objects.create(
        member=member, stage=stage, signals=[{"code": "x", "explanation": "x"}], **fields
    )


def test_counselors_who_may_see_alerts_get_an_email_without_health_details(
    member, counselor, mailoutbox
):
    no_alert_consent = CareAssignmentFactory(member=member).counselor
    ConsentFactory(member=member, recipient=no_alert_consent, scope_alerts=False)
    CareAssignmentFactory(member=member)  # on the team, no consent at all
    elsewhere = UserFactory(role=Role.COUNSELOR)  # consent, but not on the team
    ConsentFactory(member=member, recipient=elsewhere)
    alert = _alert(member, Stage.PHYSICAL, opened_at=timezone.now())

    assert notify_alert(alert.pk) == 1

    [mail] = mailoutbox
    assert mail.to == [counselor.email]
    assert mail.subject == "A client needs attention"
    assert "http://testserver/alerts/" in mail.body
    for private in (member.display_name, "physical", "use", "craving"):
        assert private not in mail.body + mail.subject
    [notice] = AlertNotice.objects.filter(alert=alert)
    assert (notice.kind, notice.delivery.to_user, notice.delivery.status) == (
        "counselor",
        counselor,
        "sent",
    )


def test_a_repeated_notify_task_tells_nobody_twice(member, counselor, mailoutbox):
    contact = _contact(member)
    alert = _alert(member)

    notify_alert(alert.pk)
    notify_alert(alert.pk)

    assert len(mailoutbox) == 1
    assert Delivery.objects.filter(contact_link__contact=contact).count() == 1


def test_supporters_who_agreed_get_the_approved_text_for_mental_and_physical_only(member):
    agreed = _contact(member, "Jo", message="Alex would love a call today.")
    not_agreed = _contact(member, "Max", agreed=False)
    emotional = _alert(member, Stage.EMOTIONAL)

    assert notify.tell_supporters(emotional.pk) == 0
    assert not Delivery.objects.exists()

    mental = _alert(member, Stage.MENTAL)
    assert notify.tell_supporters(mental.pk) == 1

    [delivery] = Delivery.objects.all()
    assert (delivery.contact_link.contact, delivery.channel, delivery.text, delivery.status) == (
        agreed,
        "sms",
        "Alex would love a call today.",
        "sent",
    )
    assert delivery.provider_id == "sms-+12025550143"
    assert delivery.alert_notice.alert == mental
    assert not Delivery.objects.filter(contact_link__contact=not_agreed).exists()


def test_a_supporter_hears_at_most_once_a_day_whatever_the_number_of_alerts(member):
    contact = _contact(member)
    mental = _alert(member, Stage.MENTAL)
    physical = _alert(member, Stage.PHYSICAL)

    assert notify.tell_supporters(mental.pk) == 1
    assert notify.tell_supporters(physical.pk) == 0
    assert Delivery.objects.filter(contact_link__contact=contact).count() == 1

    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        assert notify.tell_supporters(physical.pk) == 1
    assert Delivery.objects.filter(contact_link__contact=contact).count() == 2
    assert set(AlertNotice.objects.values_list("alert", flat=True)) == {mental.pk, physical.pk}


def test_a_passing_gateway_fault_is_retried_without_a_second_message(member):
    contact = _contact(member)
    alert = _alert(member)
    FAILING.append(TransportError("gateway answered 503", permanent=False))

    assert notify.tell_supporters(alert.pk) == 0
    [delivery] = Delivery.objects.filter(contact_link__contact=contact)
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    # A repeated task adds no second message and leaves the retry to the outbox's sweep.
    assert notify.tell_supporters(alert.pk) == 0
    assert Delivery.objects.filter(contact_link__contact=contact).count() == 1

    FAILING.clear()
    with time_machine.travel(delivery.next_attempt_at):
        assert sweep_outbox() == 1
    [delivery] = Delivery.objects.filter(contact_link__contact=contact)
    assert (delivery.status, delivery.attempts) == ("sent", 2)


def test_a_number_that_never_works_is_recorded_failed_and_not_retried(member):
    contact = _contact(member)
    alert = _alert(member)
    FAILING.append(TransportError("gateway answered 400", permanent=True))

    assert notify.tell_supporters(alert.pk) == 0
    FAILING.clear()
    assert notify.tell_supporters(alert.pk) == 0
    [delivery] = Delivery.objects.filter(contact_link__contact=contact)
    assert delivery.status == "failed"
    # A failed message does not count against the daily limit of a later alert.
    assert notify.tell_supporters(_alert(member, Stage.PHYSICAL).pk) == 1


def test_the_peer_supporter_is_told_only_when_the_member_asks(member):
    from alumni.models import PeerPairing

    peer = UserFactory(display_name="Robin", phone="+12025550188", volunteers_as_peer=True)
    now = timezone.now()
    PeerPairing.objects.create(
        member=member, peer=peer, proposed_by=member, member_agreed_at=now, peer_agreed_at=now
    )
    alert = _alert(member)

    assert notify.tell_supporters(alert.pk) == 0
    assert notify.tell_supporters(alert.pk, [], peer=True) == 1
    assert notify.tell_supporters(alert.pk, [], peer=True) == 0

    [delivery] = Delivery.objects.filter(to_user=peer)
    assert (delivery.text, delivery.purpose) == (
        "Alex could use a call from you today.",
        "alert_peer",
    )


def test_a_new_alert_from_a_check_in_is_sent_to_the_care_team_once(
    member, counselor, mailoutbox, django_capture_on_commit_callbacks
):
    today = local_date(member.timezone)
    CheckInFactory(member=member, local_date=today, craving=8)
    CheckInFactory(member=member, local_date=today - timedelta(days=1), craving=9)

    with django_capture_on_commit_callbacks(execute=True):
        evaluate_member(member.pk)
    with django_capture_on_commit_callbacks(execute=True):
        evaluate_member(member.pk)  # same signals again: an update, not news
    [alert] = Alert.objects.filter(member=member)

    assert alert.stage == "mental"
    assert [m.to for m in mailoutbox] == [[counselor.email]]


def test_a_report_of_use_reaches_the_care_team_at_once(
    member, counselor, mailoutbox, django_capture_on_commit_callbacks
):
    _contact(member)
    with django_capture_on_commit_callbacks(execute=True):
        UseReport.objects.create(
            member=member,
            kind="lapse",
            occurred_at=timezone.now(),
            local_date=local_date(member.timezone),
        )
        evaluate_member(member.pk)

    assert [m.to for m in mailoutbox] == [[counselor.email]]
    assert Delivery.objects.filter(purpose="alert_contact", status="sent").count() == 1


# --- Escalation -----------------------------------------------------------------------------


@pytest.fixture
def on_call(member):
    return UserFactory(role=Role.COUNSELOR, on_call=True, program=member.program)


@pytest.mark.parametrize(
    ("stage", "waited", "escalated"),
    [
        ("physical", timedelta(minutes=59), False),
        ("physical", timedelta(minutes=61), True),
        ("mental", timedelta(hours=7, minutes=50), False),
        ("mental", timedelta(hours=8, minutes=1), True),
        ("emotional", timedelta(hours=23), False),
        ("emotional", timedelta(hours=24, minutes=1), True),
    ],
)
def test_unacknowledged_alerts_go_to_on_call_after_their_stage_time(
    member, on_call, mailoutbox, stage, waited, escalated
):
    UserFactory(role=Role.COUNSELOR, program=member.program)  # not on call
    UserFactory(
        role=Role.COUNSELOR, on_call=True, program=UserFactory(program__name="Other").program
    )
    alert = _alert(member, stage, opened_at=timezone.now() - waited)

    escalate_overdue()

    alert.refresh_from_db()
    assert (alert.escalated_at is not None) == escalated
    assert [m.to for m in mailoutbox] == ([[on_call.email]] if escalated else [])
    if escalated:
        assert mailoutbox[0].subject == "An alert is waiting for a reply"
        assert member.display_name not in mailoutbox[0].body
        assert AlertNotice.objects.get(alert=alert).kind == "escalation"


def test_escalation_happens_once_and_not_for_acknowledged_alerts(
    member, counselor, on_call, mailoutbox
):
    long_ago = timezone.now() - timedelta(hours=30)
    waiting = _alert(member, Stage.PHYSICAL, opened_at=long_ago)
    seen = _alert(member, Stage.MENTAL, opened_at=long_ago)
    acknowledge(seen.pk, counselor, "Called, talking tomorrow")

    escalate_overdue()
    escalate_overdue()
    notify.escalate(waiting.pk)

    assert [m.to for m in mailoutbox] == [[on_call.email]]
    seen.refresh_from_db()
    assert seen.escalated_at is None


def test_the_care_team_hears_again_about_the_same_alert_only_after_12_hours(
    member, counselor, mailoutbox
):
    alert = _alert(member)

    notify.tell_care_team(alert.pk)
    notify.tell_care_team(alert.pk)
    assert len(mailoutbox) == 1

    with time_machine.travel(timezone.now() + timedelta(hours=12, minutes=1)):
        notify.tell_care_team(alert.pk)
    assert len(mailoutbox) == 2


def test_a_members_own_choice_goes_out_even_if_the_alert_was_just_resolved(member, counselor):
    from alerts.evaluation import resolve

    contact = _contact(member)
    alert = _alert(member)
    resolve(alert.pk, counselor)

    assert notify.tell_supporters(alert.pk) == 0
    assert notify.tell_supporters(alert.pk, [contact.pk]) == 1


def test_an_alert_whose_notify_task_was_lost_is_sent_on_by_the_next_tick(
    member, counselor, mailoutbox
):
    contact = _contact(member)
    alert = _alert(member, Stage.PHYSICAL, notified_at=None)

    escalate_overdue()  # too soon: the task may still be on its way
    assert mailoutbox == []

    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        escalate_overdue()
        escalate_overdue()

    assert [m.to for m in mailoutbox] == [[counselor.email]]
    assert Delivery.objects.filter(contact_link__contact=contact, status="sent").count() == 1
    alert.refresh_from_db()
    assert alert.notified_at is not None


def test_nobody_on_call_leaves_the_alert_unescalated_for_the_next_tick(member, mailoutbox):
    alert = _alert(member, Stage.PHYSICAL, opened_at=timezone.now() - timedelta(hours=2))

    assert notify.escalate(alert.pk) == 0
    alert.refresh_from_db()
    assert alert.escalated_at is None

    on_call = UserFactory(role=Role.COUNSELOR, on_call=True, program=member.program)
    escalate_overdue()
    alert.refresh_from_db()
    assert alert.escalated_at is not None
    assert [m.to for m in mailoutbox] == [[on_call.email]]


def test_two_tasks_sending_the_same_recorded_messages_send_each_once(member):
    contact = _contact(member)
    alert = _alert(member)
    FAILING.append(TransportError("gateway answered 503", permanent=False))
    notify.tell_supporters(alert.pk)
    FAILING.clear()
    [delivery] = Delivery.objects.filter(contact_link__contact=contact)
    # Another task claimed it a moment ago and is sending it now.
    Delivery.objects.filter(pk=delivery.pk).update(status="sending")

    assert notify.tell_supporters(alert.pk) == 0
    with time_machine.travel(delivery.next_attempt_at):
        assert sweep_outbox() == 0
    assert Delivery.objects.get(pk=delivery.pk).attempts == 1


def test_an_alert_raised_only_by_im_struggling_messages_no_supporter_by_itself(
    member, counselor, mailoutbox
):
    _contact(member)
    alert = Alert.objects.create(
        member=member,
        stage=Stage.MENTAL,
        signals=[{"code": "struggling", "explanation": "x"}],
    )

    assert notify_alert(alert.pk) == 1  # the counselor, and nobody else
    assert not Delivery.objects.filter(purpose="alert_contact").exists()
    # The member chooses their people on the next screen; the care team hears at once.
    assert [m.to for m in mailoutbox] == [[counselor.email]]


def test_the_email_to_a_contact_has_a_fixed_subject_never_the_approved_words(
    member, mailoutbox, settings
):
    settings.WAYPOINT_PROGRAM_NAME = "Harbor Recovery"
    SupportContact.objects.create(
        member=member,
        name="Dana",
        relationship="family",
        email="dana@example.org",
        may_be_told=True,
        auto_alerts=True,
        approved_message="Alex would love a call today.",
    )
    assert notify.tell_supporters(_alert(member).pk) == 1
    [email] = mailoutbox
    assert email.subject == "A message from Harbor Recovery"
    assert email.body == "Alex would love a call today."
    assert "Alex" not in email.subject


def test_a_newline_that_reached_the_database_still_cannot_become_a_header(member, mailoutbox):
    # Before, the approved text was the subject: a line break raised BadHeaderError, the row
    # stayed `sending` and nothing ever sent it.
    contact = SupportContact.objects.create(
        member=member,
        name="Dana",
        relationship="family",
        email="dana@example.org",
        may_be_told=True,
        auto_alerts=True,
        approved_message="Alex could use a call.\nBcc: someone@example.org",
    )
    assert notify.tell_supporters(_alert(member).pk) == 1
    [email] = mailoutbox
    assert email.to == ["dana@example.org"] and email.bcc == []
    assert Delivery.objects.get(contact_link__contact=contact).status == "sent"


@pytest.mark.parametrize(
    ("backend", "error"),
    [
        ("messaging.transports.HtpSmsBackend", "ImportError"),  # a typo in the setting
        ("messaging.transports.HttpSmsBackend", "ImproperlyConfigured"),  # no URL or token
    ],
)
def test_a_bad_sms_setting_fails_the_message_and_never_leaves_it_sending(
    member, settings, backend, error
):
    settings.WAYPOINT_SMS_BACKEND = backend
    settings.WAYPOINT_SMS_GATEWAY_URL = ""
    contact = _contact(member, "Jo")
    by_email = SupportContact.objects.create(
        member=member,
        name="Dana",
        relationship="family",
        email="dana@example.org",
        may_be_told=True,
        auto_alerts=True,
        approved_message="Alex could use a call.",
    )
    # The one who has email is still told; the text is recorded failed, never left `sending`.
    assert notify.tell_supporters(_alert(member).pk) == 1
    delivery = Delivery.objects.get(contact_link__contact=contact)
    assert (delivery.status, delivery.error) == ("failed", error)
    assert Delivery.objects.get(contact_link__contact=by_email).status == "sent"
