"""Outreach is logged with a follow-up; "We'd love to see you" reaches only those who opted in."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import AuditEvent, Program, Scope, program_today
from alumni.drift import DRIFT_INVITE
from alumni.drift import spans as drift_spans
from alumni.models import Outreach
from messaging.models import Delivery, DeliveryStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _drifting(coordinator, name, *, opted_in=True):
    return UserFactory(
        display_name=name,
        program=coordinator.program,
        program_messages=opted_in,
        date_joined=timezone.now() - timedelta(days=60),
    )


# --- Outreach log ----------------------------------------------------------------------


def test_an_outreach_attempt_is_logged_with_a_follow_up_and_audited(signed_in, coordinator, member):
    follow_up = program_today() + timedelta(days=2)
    response = signed_in.post(
        f"/alumni/members/{member.pk}/",
        {
            "method": "call",
            "outcome": "message",
            "note": "Left a voicemail, will try Friday",
            "follow_up_on": follow_up.isoformat(),
        },
        follow=True,
    )
    outreach = Outreach.objects.get()
    assert (outreach.member, outreach.coordinator) == (member, coordinator)
    assert (outreach.method, outreach.outcome, outreach.follow_up_on) == (
        "call",
        "message",
        follow_up,
    )
    page = response.content.decode()
    assert "Outreach to Alex logged." in page and "Left a voicemail" in page
    assert AuditEvent.objects.filter(
        actor=coordinator, member=member, action="log_outreach", scope=Scope.ENGAGEMENT
    ).exists()


def test_a_follow_up_date_in_the_past_is_refused(signed_in, member):
    response = signed_in.post(
        f"/alumni/members/{member.pk}/",
        {
            "method": "text",
            "outcome": "no_answer",
            "follow_up_on": (program_today() - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Choose today or a later day" in response.content.decode()
    assert not Outreach.objects.exists()


def test_a_logged_attempt_takes_the_member_off_the_drift_list(signed_in, coordinator):
    pat = _drifting(coordinator, "Pat")
    assert "Pat" in signed_in.get("/alumni/drift/").content.decode()
    signed_in.post(f"/alumni/members/{pat.pk}/", {"method": "in_person", "outcome": "reached"})
    assert "Nobody is drifting away right now." in signed_in.get("/alumni/drift/").content.decode()


def test_a_follow_up_becomes_due_on_its_day_and_is_marked_done(signed_in, coordinator, member):
    signed_in.post(
        f"/alumni/members/{member.pk}/",
        {
            "method": "call",
            "outcome": "no_answer",
            "note": "Try after work",
            "follow_up_on": (program_today() + timedelta(days=1)).isoformat(),
        },
    )
    assert "Try after work" not in signed_in.get("/alumni/").content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        signed_in.force_login(coordinator)  # sessions are short-lived
        assert "Try after work" in signed_in.get("/alumni/").content.decode()
        outreach = Outreach.objects.get()
        response = signed_in.post(
            f"/alumni/follow-ups/{outreach.pk}/done/",
            {"next": f"/alumni/members/{member.pk}/"},
        )
        assert response.url == f"/alumni/members/{member.pk}/"
        assert "Try after work" not in signed_in.get("/alumni/").content.decode()
    outreach.refresh_from_db()
    assert outreach.follow_up_done


def test_outreach_to_someone_outside_the_program_answers_404_and_is_not_logged(signed_in):
    stranger = UserFactory(program=Program.objects.create(name="Elsewhere"))
    response = signed_in.post(
        f"/alumni/members/{stranger.pk}/", {"method": "call", "outcome": "reached"}
    )
    assert response.status_code == 404
    assert not Outreach.objects.exists()


# --- "We'd love to see you" ------------------------------------------------------------


@pytest.mark.parametrize(
    ("over", "page", "back"),
    [
        (1, "2", "/alumni/drift/?over={over}&page=2"),
        (0, "1", "/alumni/drift/?over={over}"),
        # A hand-edited form returns to the list as it first opens.
        ("7x", "-3", "/alumni/drift/?over={over}"),
    ],
)
def test_after_inviting_the_coordinator_is_back_on_the_page_they_chose_from(
    signed_in, coordinator, over, page, back
):
    pat = _drifting(coordinator, "Pat")
    spans = drift_spans()
    chosen = spans[over] if isinstance(over, int) else over
    response = signed_in.post(
        "/alumni/drift/invite/", {"members": [pat.pk], "over": chosen, "page": page}
    )
    shown = chosen if chosen in spans else spans[0]
    assert response.url == back.format(over=shown)
    # Nothing chosen: the same way back, with the reason.
    response = signed_in.post("/alumni/drift/invite/", {"over": chosen, "page": page}, follow=True)
    assert response.redirect_chain[-1][0] == back.format(over=shown)
    assert "Choose at least one member first." in response.content.decode()


def test_the_invitation_goes_only_to_members_who_opted_in_and_is_recorded(signed_in, coordinator):
    pat = _drifting(coordinator, "Pat")
    kim = _drifting(coordinator, "Kim", opted_in=False)
    response = signed_in.post("/alumni/drift/invite/", {"members": [pat.pk, kim.pk]}, follow=True)
    page = response.content.decode()
    assert "Sent to 1 member." in page
    assert "1 skipped: they have not chosen to get program messages." in page

    [email] = mail.outbox
    assert email.to == [pat.email]
    assert email.subject == "We'd love to see you"
    assert "We miss you at Test Program" in email.body
    assert "no need to explain anything" in email.body

    delivery = Delivery.objects.get()
    assert (delivery.purpose, delivery.channel, delivery.status) == (
        DRIFT_INVITE,
        "email",
        DeliveryStatus.SENT,
    )
    assert delivery.to_user == pat and delivery.about == pat
    outreach = Outreach.objects.get()
    assert (outreach.member, outreach.method, outreach.outcome) == (pat, "email", "message")
    assert not Outreach.objects.filter(member=kim).exists()


def test_nobody_gets_a_second_invitation_within_7_days(signed_in, coordinator, settings):
    # A short drift period, so that Pat is drifting again before the week is over.
    settings.WAYPOINT_DRIFT_DAYS = 3
    pat = _drifting(coordinator, "Pat")
    signed_in.post("/alumni/drift/invite/", {"members": [pat.pk]})
    assert len(mail.outbox) == 1

    with time_machine.travel(timezone.now() + timedelta(days=5)):
        signed_in.force_login(coordinator)  # sessions are short-lived
        assert "Pat" in signed_in.get("/alumni/drift/").content.decode()
        response = signed_in.post("/alumni/drift/invite/", {"members": [pat.pk]}, follow=True)
        assert "1 skipped: already invited in the last 7 days." in response.content.decode()
    assert len(mail.outbox) == 1

    with time_machine.travel(timezone.now() + timedelta(days=8)):
        signed_in.force_login(coordinator)
        signed_in.post("/alumni/drift/invite/", {"members": [pat.pk]})
    assert len(mail.outbox) == 2
    assert Delivery.objects.filter(about=pat, purpose=DRIFT_INVITE).count() == 2


def test_members_no_longer_drifting_or_outside_the_program_get_nothing(signed_in, coordinator):
    fine = UserFactory(program=coordinator.program, program_messages=True)  # joined today
    stranger = UserFactory(
        program=Program.objects.create(name="Elsewhere"),
        program_messages=True,
        date_joined=timezone.now() - timedelta(days=60),
    )
    response = signed_in.post(
        "/alumni/drift/invite/", {"members": [fine.pk, stranger.pk]}, follow=True
    )
    assert "2 are no longer on the list." in response.content.decode()
    assert mail.outbox == [] and not Delivery.objects.exists()
    # Someone still drifting, chosen with them, is invited; the other two still get nothing.
    drifting = _drifting(coordinator, "Kai")
    signed_in.post("/alumni/drift/invite/", {"members": [fine.pk, stranger.pk, drifting.pk]})
    assert [m.to for m in mail.outbox] == [[drifting.email]]
    assert set(Delivery.objects.values_list("address", flat=True)) == {drifting.email}


def test_an_empty_selection_asks_to_choose_someone(signed_in):
    response = signed_in.post("/alumni/drift/invite/", {}, follow=True)
    assert "Choose at least one member first." in response.content.decode()


def test_a_mail_server_failure_is_counted_and_no_outreach_is_recorded(signed_in, coordinator):
    pat = _drifting(coordinator, "Pat")
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("down")):
        response = signed_in.post("/alumni/drift/invite/", {"members": [pat.pk]}, follow=True)
    assert "1 could not be sent" in response.content.decode()
    assert Delivery.objects.get().status == DeliveryStatus.FAILED
    assert not Outreach.objects.exists()
    # A failed attempt does not block a retry.
    signed_in.post("/alumni/drift/invite/", {"members": [pat.pk]})
    assert len(mail.outbox) == 1
