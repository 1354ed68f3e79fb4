"""The start page carries the in-app reminder and says when a reminder could not reach them."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation

from alerts.evaluation import evaluate
from checkins.progress import local_date
from messaging.models import Delivery
from tests.checkins.helpers import record_use
from tests.factories import CheckInFactory, UserFactory
from tests.personas import counselor_for
from tests.reminders.helpers import reminder_slot
from tests.stepping_up.helpers import a_recommendation

pytestmark = pytest.mark.django_db

BANNER = "It's check-in time."


def _delivery(member, channel, status):
    return reminder_slot(
        member,
        local_date=local_date(member.timezone),
        channel=channel,
        due_at=timezone.now(),
        status=status,
    )


def test_the_in_app_reminder_shows_until_the_member_checks_in(client, member):
    client.force_login(member)
    assert BANNER not in client.get("/today/").content.decode()

    _delivery(member, "app", "sent")
    assert BANNER in client.get("/today/").content.decode()

    CheckInFactory(member=member, local_date=local_date(member.timezone))
    assert BANNER not in client.get("/today/").content.decode()


def test_a_reminder_that_could_not_reach_them_is_named_without_details(client, member):
    failed = _delivery(member, "sms", "failed")
    Delivery.objects.filter(pk=failed.pk).update(error="gateway answered 400")
    client.force_login(member)

    page = client.get("/today/").content.decode()

    assert "We couldn't reach you by text message on" in page
    assert "gateway" not in page


# --- The day recovery began, and milestones -------------------------------------------------

OFFER = "When did your recovery begin?"


def _days_ago(member, days):
    return local_date(member.timezone) - timedelta(days=days)


def test_today_offers_the_start_date_and_then_shows_the_milestone(client, member):
    client.force_login(member)
    page = client.get("/today/").content.decode()
    assert OFFER in page and 'name="recovery_began_on"' in page
    assert "since you began" not in page

    began = _days_ago(member, 95)
    response = client.post("/today/", {"recovery_began_on": began.isoformat()}, follow=True)

    member.refresh_from_db()
    assert member.recovery_began_on == began
    page = response.content.decode()
    assert "Saved. Your days now count from the day you began." in page
    assert "90 days since you began — that matters." in page
    assert "95 days ago" in page
    assert "Next milestone: 6 months" in page
    assert OFFER not in page


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Choose the day your recovery began."),
        ("tomorrow", "Enter a valid date."),
        ("2026-02-31", "Enter a valid date."),
        ("1901-01-01", "more than 100 years ago"),
    ],
)
def test_a_start_date_that_cannot_be_gets_a_clear_message_and_changes_nothing(
    client, member, value, message
):
    client.force_login(member)
    response = client.post("/today/", {"recovery_began_on": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    member.refresh_from_db()
    assert member.recovery_began_on is None


def test_a_start_date_in_the_future_is_refused_while_today_is_taken(client, member):
    client.force_login(member)
    tomorrow = _days_ago(member, -1)
    page = client.post("/today/", {"recovery_began_on": tomorrow.isoformat()}).content.decode()
    assert "can&#x27;t be in the future" in page or "can't be in the future" in page
    member.refresh_from_db()
    assert member.recovery_began_on is None

    client.post("/today/", {"recovery_began_on": _days_ago(member, 0).isoformat()})
    member.refresh_from_db()
    assert member.recovery_began_on == _days_ago(member, 0)
    assert "You began today — that matters." in client.get("/today/").content.decode()


@pytest.mark.parametrize(
    ("zone", "accepted"), [("America/Los_Angeles", False), ("Europe/Berlin", True)]
)
def test_the_future_is_judged_by_the_members_own_day(client, zone, accepted):
    member = UserFactory(timezone=zone)
    client.force_login(member)
    # 03:30 UTC on June 2: still June 1 in Los Angeles, already June 2 in Berlin.
    with time_machine.travel(datetime(2026, 6, 2, 3, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        client.post("/today/", {"recovery_began_on": "2026-06-02"})
    member.refresh_from_db()
    assert (member.recovery_began_on == date(2026, 6, 2)) is accepted


def test_a_return_to_use_keeps_the_milestone_and_says_nothing_of_a_reset(client, member):
    member.recovery_began_on = _days_ago(member, 200)
    member.save()
    client.force_login(member)
    record_use(client)
    page = client.get("/today/").content.decode()
    assert "6 months since you began — that matters." in page
    assert "200 days ago" in page
    for shaming in (r"\breset", r"start(ing)? over", r"back to day", r"\bday 0\b", r"\b0 days\b"):
        assert not re.search(shaming, page, re.IGNORECASE)


def test_once_set_the_offer_is_gone_and_a_stray_post_changes_nothing(client, member):
    began = _days_ago(member, 10)
    member.recovery_began_on = began
    member.save()
    client.force_login(member)
    assert OFFER not in client.get("/today/").content.decode()
    response = client.post("/today/", {"recovery_began_on": _days_ago(member, 400).isoformat()})
    assert response.url == "/today/"
    member.refresh_from_db()
    assert member.recovery_began_on == began


# --- Stepping up care: a recommendation the member has not opened yet ---------------------


def test_a_recommendation_not_yet_seen_shows_a_short_card_until_opened(
    client, member, counselor, django_assert_max_num_queries
):
    client.force_login(member)
    assert "A note from your care team" not in client.get("/today/").content.decode()
    a_recommendation(counselor, member, "php", note="Let's talk Tuesday.")
    with django_assert_max_num_queries(40):
        page = client.get("/today/").content.decode()
    assert "A note from your care team" in page
    assert "Casey left you a recommendation about your care." in page
    assert 'href="/care/"' in page
    # The card is short: what was recommended is read on the care page itself.
    assert "Let&#x27;s talk Tuesday." not in page and "Partial hospitalization" not in page
    client.get("/care/")
    assert "A note from your care team" not in client.get("/today/").content.decode()


def test_the_signals_are_said_in_the_readers_language_whoever_raised_them(client, member):
    """A rule runs in a worker in the program's language; the member reads Spanish."""
    counselor = counselor_for(member, language="en")
    CheckInFactory(member=member, local_date=local_date(member.timezone), used_today=True)
    with translation.override("en"):
        [alert] = evaluate(member)
    assert alert.signals[0]["explanation"].startswith("A return to use was reported on ")
    member.language = "es"
    member.save(update_fields=["language"])
    client.force_login(member)
    page = client.get("/today/").content.decode()
    assert "Se reportó haber vuelto a consumir el " in page
    assert "A return to use was reported" not in page
    # The counselor, reading English, sees the same signal in English.
    client.force_login(counselor)
    inbox = client.get("/alerts/").content.decode()
    assert "A return to use was reported on " in inbox
