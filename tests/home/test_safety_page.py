"""The safety page (home.views use_safety): public, and for a signed-in member the tap on
"I used" records the report and raises the physical-stage alert before any form; in the
first 24 hours it and the report page show the member's own first-day steps."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from alerts.models import Alert
from alumni.models import PeerPairing
from checkins.models import UseReport
from checkins.progress import local_date
from core.stages import Stage
from plans.demo import ALEX_PLAN
from plans.versions import write_plan
from tests.alumni.helpers import group_of, upcoming_event
from tests.checkins.helpers import CALM
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FIRST_DAY_TITLE = "For the next 24 hours"


def main_of(response) -> str:
    return response.content.decode().split('id="main"')[1].split("</main>")[0]


def tap(client, capture):
    with capture(execute=True):
        return client.post("/checkin/now/", follow=True)


def test_the_tap_records_the_report_and_emails_the_counselor_before_any_form(
    signed_in, member, counselor, django_capture_on_commit_callbacks
):
    response = tap(signed_in, django_capture_on_commit_callbacks)
    assert response.redirect_chain == [("/checkin/now/", 302)]
    report = UseReport.objects.get()
    assert (report.member, report.kind) == (member, "")
    assert report.local_date == local_date(member.timezone, report.occurred_at)
    alert = Alert.objects.get(member=member)
    assert alert.stage == Stage.PHYSICAL
    [email] = mail.outbox
    assert (email.to, email.subject) == ([counselor.email], "A client needs attention")
    main = main_of(response)
    assert "you said you used" in main and "Casey" in main
    assert "watched around the clock" in main
    # Nothing to fill in once it is saved: the safety steps, then the next steps.
    assert "<form" not in main and "<input" not in main
    assert 'href="tel:911"' in main and 'href="tel:988"' in main


def test_911_and_988_come_before_the_guidance(signed_in, django_capture_on_commit_callbacks):
    main = main_of(tap(signed_in, django_capture_on_commit_callbacks))
    assert main.index('href="tel:911"') < main.index('href="tel:988"') < main.index("tolerance")


def test_a_double_tap_or_the_back_button_makes_no_second_report(
    signed_in, member, counselor, django_capture_on_commit_callbacks
):
    tap(signed_in, django_capture_on_commit_callbacks)
    tap(signed_in, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.get("/checkin/now/")  # back to the page: a GET records nothing
    assert UseReport.objects.count() == 1
    assert [m.to for m in mail.outbox] == [[counselor.email]]


def test_a_tap_after_half_an_hour_is_a_new_report(
    signed_in, member, django_capture_on_commit_callbacks
):
    tap(signed_in, django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        signed_in.force_login(member)
        tap(signed_in, django_capture_on_commit_callbacks)
    assert UseReport.objects.count() == 2


def test_a_report_just_written_about_an_earlier_lapse_does_not_swallow_a_new_tap(
    signed_in, member, counselor, django_capture_on_commit_callbacks
):
    # Written a minute ago, about last week: the tap now is another moment, and news.
    UseReport.objects.create(
        member=member,
        kind="lapse",
        occurred_at=timezone.now() - timedelta(days=7),
        local_date=local_date(member.timezone) - timedelta(days=7),
    )
    tap(signed_in, django_capture_on_commit_callbacks)
    assert UseReport.objects.count() == 2
    assert UseReport.objects.filter(kind="").count() == 1
    assert [m.to for m in mail.outbox] == [[counselor.email]]


def test_without_a_counselor_the_page_says_to_tell_someone(
    signed_in, counselor_without_consent, django_capture_on_commit_callbacks
):
    main = main_of(tap(signed_in, django_capture_on_commit_callbacks))
    # On the care team but without consent to see alerts: that counselor gets no alert.
    assert "No counselor gets Waypoint alerts for you yet" in main
    assert counselor_without_consent.display_name not in main
    assert mail.outbox == []


def test_a_member_who_lands_here_without_tapping_gets_the_tap(signed_in):
    main = main_of(signed_in.get("/checkin/now/"))
    assert 'action="/checkin/now/"' in main and "Save that I used" in main
    assert not UseReport.objects.exists()


def test_signed_out_the_page_is_public_records_nothing_and_offers_sign_in(
    client, member, counselor, django_capture_on_commit_callbacks
):
    response = client.get("/checkin/now/")
    assert response.status_code == 200
    main = main_of(response)
    assert "nothing has been saved and no one has been told" in main
    assert 'href="/accounts/login/?next=/checkin/now/"' in main
    assert 'href="tel:911"' in main and "second dose" in main
    # No member's data, and no steps that need an account.
    assert "Tell someone now" not in main and "For the next 24 hours" not in main
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/checkin/now/").url == "/checkin/now/"
    assert not UseReport.objects.exists() and mail.outbox == []
    # Signed in, the same tap records it (and Casey hears).
    client.force_login(member)
    tap(client, django_capture_on_commit_callbacks)
    assert UseReport.objects.count() == 1 and [m.to for m in mail.outbox] == [[counselor.email]]


def test_the_sign_in_page_and_get_help_reach_it_in_one_tap_signed_out(client):
    for url in ("/accounts/login/", "/help/"):
        page = client.get(url).content.decode()
        assert (
            '<a class="btn btn-outline-danger" href="/checkin/now/">I used. Help me now.</a>'
            in page
        )


def test_staff_see_the_public_page_and_record_nothing(client, counselor):
    client.force_login(counselor)
    main = main_of(client.get("/checkin/now/"))
    assert "staff account, so nothing is saved" in main and "Save that I used" not in main
    client.post("/checkin/now/")
    assert not UseReport.objects.exists()


# --- Naloxone and harm reduction ---------------------------------------------------------


HARM_REDUCTION = (
    "second dose",
    "wear off before the opioid does",
    "Fentanyl test strips",
    "Never use alone",
    "pharmacies sell naloxone nasal spray without a prescription",
    "not medical advice",
)


def test_naloxone_guidance_is_on_the_safety_page_help_and_the_printed_plan(client, member):
    assert all(words in main_of(client.get("/checkin/now/")) for words in HARM_REDUCTION)
    assert all(words in main_of(client.get("/help/")) for words in HARM_REDUCTION)
    client.force_login(member)
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    assert all(words in main_of(client.get("/plan/print/")) for words in HARM_REDUCTION)


def test_the_never_use_alone_line_and_naloxone_places_show_only_when_set(client, settings):
    main = main_of(client.get("/help/"))
    assert "never-use-alone line" not in main and "Main Street Pharmacy" not in main
    settings.WAYPOINT_NEVER_USE_ALONE = {"number": "1-800-555-0199", "dial": "18005550199"}
    settings.WAYPOINT_NALOXONE_PLACES = [
        {"name": "Main Street Pharmacy", "detail": "12 Main St", "phone": "", "dial": ""},
        {"name": "Harbor Light front desk", "detail": "", "phone": "555-0100", "dial": "5550100"},
    ]
    main = main_of(client.get("/checkin/now/"))
    assert "never-use-alone line" in main and 'href="tel:18005550199"' in main
    assert "Main Street Pharmacy, 12 Main St" in main
    assert 'Harbor Light front desk: <a href="tel:5550100">555-0100</a>' in main


# --- The first 24 hours ------------------------------------------------------------------


@pytest.fixture
def alex_ready(member, coordinator, settings):
    """Alex with the demo plan, a peer supporter, an alumni meeting and the program's phone."""
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    peer = UserFactory(
        program=member.program, volunteers_as_peer=True, phone="+12025550111", display_name="Taylor"
    )
    now = timezone.now()
    PeerPairing.objects.create(
        member=member, peer=peer, proposed_by=coordinator, member_agreed_at=now, peer_agreed_at=now
    )
    upcoming_event(group_of(member, coordinator), coordinator, days=1, title="Evening meeting")
    settings.WAYPOINT_PROGRAM_PHONE = {"number": "202-555-0100", "dial": "2025550100"}
    return member


def _first_day_shown(main: str) -> None:
    panel = main.split(FIRST_DAY_TITLE)[1].split("</section>")[0]
    assert "Marcus, then Casey" in panel and "Go to the evening meeting" in panel
    assert "Kitchen drawer by the door" in panel
    assert "Taylor" in panel and 'href="tel:+12025550111"' in panel
    assert "Evening meeting" in panel
    assert 'href="tel:2025550100"' in panel and "202-555-0100" in panel


def test_the_first_day_shows_their_plan_people_meeting_and_program(
    client, alex_ready, django_capture_on_commit_callbacks
):
    client.force_login(alex_ready)
    _first_day_shown(main_of(tap(client, django_capture_on_commit_callbacks)))
    report = UseReport.objects.get()
    _first_day_shown(main_of(client.get(f"/checkin/now/{report.pk}/")))


def test_after_24_hours_the_first_day_panel_is_gone(
    client, alex_ready, django_capture_on_commit_callbacks
):
    client.force_login(alex_ready)
    tap(client, django_capture_on_commit_callbacks)
    report = UseReport.objects.get()
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        client.force_login(alex_ready)
        assert FIRST_DAY_TITLE not in main_of(client.get(f"/checkin/now/{report.pk}/"))
        assert FIRST_DAY_TITLE not in main_of(client.get("/checkin/now/"))


def test_without_if_i_use_steps_the_first_day_invites_writing_them(
    signed_in, django_capture_on_commit_callbacks
):
    main = main_of(tap(signed_in, django_capture_on_commit_callbacks))
    panel = main.split(FIRST_DAY_TITLE)[1].split("</section>")[0]
    assert 'href="/plan/if_i_use/"' in panel
    assert "Call " not in panel  # no program phone set, no peer: nothing invented


def test_used_today_in_a_check_in_leads_here_already_told_with_the_first_day(
    signed_in, member, counselor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post("/checkin/", {**CALM, "used_today": "True"}, follow=True)
    assert response.redirect_chain == [("/checkin/now/", 302)]
    main = main_of(response)
    assert "Your check-in says you used today" in main and "Casey" in main
    assert "<form" not in main and FIRST_DAY_TITLE in main
    assert not UseReport.objects.exists()  # the check-in is the record; no second one
    assert [m.to for m in mail.outbox] == [[counselor.email]]
