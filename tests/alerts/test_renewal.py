"""Every new signal is heard: an alert that is open, acknowledged or resolved, a new signal or
the same one, inside or outside the care team's repeat window: who is told, what status."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from alerts.evaluation import acknowledge, evaluate_many, news, resolve
from alerts.models import Alert
from alerts.tasks import escalate_overdue, evaluate_member
from checkins.models import UseReport
from checkins.progress import local_date
from contacts.models import SupportContact
from core.repeat import CARE_TEAM_REPEAT
from core.stages import Stage
from messaging.models import Delivery

pytestmark = pytest.mark.django_db

NOTE = "Called her; she is safe and going to a meeting tonight."


def _lapse(member):
    UseReport.objects.create(
        member=member,
        kind="lapse",
        occurred_at=timezone.now(),
        local_date=local_date(member.timezone),
    )


def _evaluate(member, capture):
    with capture(execute=True):
        evaluate_member(member.pk)


def _counselor_emails(counselor):
    return Delivery.objects.filter(purpose="alert_counselor", to_user=counselor).count()


@pytest.fixture
def first_lapse(member, counselor, django_capture_on_commit_callbacks):
    """A first return to use, told to the counselor (and to a contact who may hear)."""
    SupportContact.objects.create(
        member=member,
        name="Jo",
        relationship="friend",
        phone="+12025550143",
        may_be_told=True,
        auto_alerts=True,
        approved_message="Alex could use a call from you today.",
    )
    _lapse(member)
    _evaluate(member, django_capture_on_commit_callbacks)
    alert = Alert.objects.get(member=member, stage=Stage.PHYSICAL)
    assert _counselor_emails(counselor) == 1
    assert Delivery.objects.filter(purpose="alert_contact").count() == 1
    return alert


WITHIN = timedelta(hours=1)
OUTSIDE = CARE_TEAM_REPEAT.length + timedelta(hours=1)

# (state before, signal, when) -> (counselor emails now, status of the unresolved
# physical alert or None, the same alert as before?)
TABLE = [
    ("open", "new", WITHIN, 0, "open", True),  # held back; the sweep tells later (below)
    ("open", "new", OUTSIDE, 1, "open", True),
    ("open", "same", WITHIN, 0, "open", True),
    ("open", "same", OUTSIDE, 0, "open", True),
    ("acknowledged", "new", WITHIN, 1, "open", True),  # looked at: the window starts again
    ("acknowledged", "new", OUTSIDE, 1, "open", True),
    ("acknowledged", "same", WITHIN, 0, "acknowledged", True),
    ("acknowledged", "same", OUTSIDE, 0, "acknowledged", True),
    ("resolved", "new", WITHIN, 1, "open", False),
    ("resolved", "new", OUTSIDE, 1, "open", False),
    ("resolved", "same", WITHIN, 0, None, False),
    ("resolved", "same", OUTSIDE, 0, None, False),
]


@pytest.mark.parametrize(("state", "signal", "after", "emails", "status", "same_alert"), TABLE)
def test_who_is_told_about_a_second_signal(
    member,
    counselor,
    first_lapse,
    django_capture_on_commit_callbacks,
    state,
    signal,
    after,
    emails,
    status,
    same_alert,
):
    if state == "acknowledged":
        acknowledge(first_lapse.pk, counselor, NOTE)
    elif state == "resolved":
        resolve(first_lapse.pk, counselor, NOTE)

    with time_machine.travel(timezone.now() + after):
        if signal == "new":
            _lapse(member)
        _evaluate(member, django_capture_on_commit_callbacks)

    assert _counselor_emails(counselor) == 1 + emails
    # A supporter hears about a member once a day at most, whatever the alerts.
    assert Delivery.objects.filter(purpose="alert_contact").count() == 1
    unresolved = Alert.objects.unresolved().filter(member=member, stage=Stage.PHYSICAL).first()
    assert (unresolved.status if unresolved else None) == status
    if unresolved is not None:
        assert (unresolved.pk == first_lapse.pk) == same_alert
        new = [row["explanation"] for _at, row in unresolved.new_since_looked]
        if same_alert:
            assert len(new) == (1 if signal == "new" else 0)
            # The counselor's acknowledgement stays on a re-opened alert, note and all.
            if state == "acknowledged":
                assert (unresolved.acknowledged_by, unresolved.note) == (counselor, NOTE)
                assert (unresolved.reopened_at is not None) == (signal == "new")


def test_news_held_back_by_the_window_reaches_the_counselor_once_it_has_passed(
    member, counselor, first_lapse, django_capture_on_commit_callbacks
):
    start = timezone.now()
    with time_machine.travel(start + WITHIN):
        _lapse(member)
        _evaluate(member, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            escalate_overdue()
    assert _counselor_emails(counselor) == 1
    assert Alert.objects.get(pk=first_lapse.pk).news_at is not None

    with time_machine.travel(start + CARE_TEAM_REPEAT.length + timedelta(minutes=5)):
        for _tick in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                escalate_overdue()
    assert _counselor_emails(counselor) == 2
    assert Alert.objects.get(pk=first_lapse.pk).news_at is None


def test_a_second_lapse_the_same_day_is_news_a_quiet_evaluation_is_not(
    member, counselor, first_lapse
):
    assert evaluate_many([member]).renewed == []
    _lapse(member)  # same day, same explanation: the new report makes it news
    found = evaluate_many([member])
    assert [a.pk for a in found.renewed] == [first_lapse.pk]
    assert found.opened == []


@pytest.mark.parametrize(
    ("before", "after", "fresh", "expected"),
    [
        ([("use", "on 2025-05-01")], [("use", "on 2025-05-02")], set(), ["use"]),
        ([("use", "on 2025-05-01")], [("use", "on 2025-05-01")], set(), []),
        ([("use", "on 2025-05-01")], [("use", "on 2025-05-01")], {"use"}, ["use"]),
        ([("craving_high", "2 of 3")], [("craving_high", "3 of 3")], set(), []),
        (
            [("craving_high", "2 of 3")],
            [("craving_high", "2 of 3"), ("struggling", "May 2")],
            set(),
            ["struggling"],
        ),
        ([("struggling", "May 2")], [("struggling", "May 2")], {"struggling"}, ["struggling"]),
    ],
)
def test_what_counts_as_news(before, after, fresh, expected):
    assert [r["code"] for r in news(_rows(before), _rows(after), frozenset(fresh))] == expected


def _rows(pairs):
    return [{"code": code, "explanation": text} for code, text in pairs]


def test_resolving_with_a_note_keeps_the_acknowledgement_note(member, counselor, first_lapse):
    acknowledge(first_lapse.pk, counselor, NOTE)
    resolved = resolve(first_lapse.pk, counselor, "Back at IOP three days a week.")
    assert (resolved.note, resolved.resolution_note) == (NOTE, "Back at IOP three days a week.")


def test_a_second_acknowledgement_adds_its_note_after_the_first(
    member, counselor, first_lapse, django_capture_on_commit_callbacks
):
    acknowledge(first_lapse.pk, counselor, NOTE)
    _lapse(member)
    _evaluate(member, django_capture_on_commit_callbacks)
    again = acknowledge(first_lapse.pk, counselor, "Second call: plan to see her prescriber.")
    assert again.note == NOTE + "\n\nSecond call: plan to see her prescriber."
    assert again.new_signals == [] and again.news_at is None


def test_the_inbox_shows_what_changed_since_acknowledgement(
    client, member, counselor, first_lapse, django_capture_on_commit_callbacks
):
    acknowledge(first_lapse.pk, counselor, NOTE)
    client.force_login(counselor)
    before = client.get(reverse("alert_inbox")).content.decode()
    assert "New since you looked" not in before
    assert "Acknowledged by" in before

    _lapse(member)
    _evaluate(member, django_capture_on_commit_callbacks)

    page = client.get(reverse("alert_inbox")).content.decode()
    assert "New since you looked" in page
    assert f"(acknowledged by {counselor.display_name}," in page
    assert "Open again since" in page
    assert "Note from the earlier acknowledgement:" in page and NOTE in page
    assert 'value="acknowledge"' in page  # it can be acknowledged again


# --- "I'm struggling": the page's promise is the notice recorded -------------------------

STRUGGLING = "/help/struggling/"
PROMISE = "Your counselor will see this."


def test_struggling_on_an_acknowledged_alert_opens_it_again_and_tells_the_counselor(
    signed_in, member, counselor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(STRUGGLING)
    alert = Alert.objects.get(member=member, stage=Stage.MENTAL)
    acknowledge(alert.pk, counselor, NOTE)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(STRUGGLING)

    assert PROMISE in signed_in.get(STRUGGLING).content.decode()
    assert [m.to for m in mailoutbox] == [[counselor.email]]
    alert.refresh_from_db()
    assert (alert.status, alert.note) == ("open", NOTE)


def test_struggling_again_within_the_window_promises_only_what_was_done(
    signed_in, member, counselor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(STRUGGLING)
    assert PROMISE in signed_in.get(STRUGGLING).content.decode()
    assert len(mailoutbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(STRUGGLING)
    page = signed_in.get(STRUGGLING).content.decode()

    assert len(mailoutbox) == 1  # the repeat window holds: no second email yet
    assert PROMISE not in page
    assert "We let your counselor know at" in page
    alert = Alert.objects.get(member=member, stage=Stage.MENTAL)
    assert alert.news_at is not None  # the sweep tells them once the window has passed
    assert len(alert.new_signals) == 1


def test_struggling_without_a_counselor_who_sees_alerts_promises_nothing(
    signed_in, member, counselor_without_consent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(STRUGGLING)
    page = signed_in.get(STRUGGLING).content.decode()
    assert PROMISE not in page and "Right now no counselor can see your alerts" in page
    assert mailoutbox == []
