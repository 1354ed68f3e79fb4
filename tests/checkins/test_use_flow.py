"""Return to use: safety first, break the silence, record, reflect, and carry it into the plan."""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from checkins.models import UseReport
from checkins.progress import local_date
from messaging.models import Delivery
from plans.demo import ALEX_PLAN
from plans.models import Plan
from plans.versions import write_plan
from tests.checkins.helpers import record_use
from tests.factories import UserFactory
from tests.pages import said

pytestmark = pytest.mark.django_db


def test_the_member_home_the_check_in_and_help_reach_it_in_one_tap(signed_in):
    # A form that posts (with CSRF), so the one tap itself records the report.
    for url in ("/today/", "/checkin/", "/help/"):
        page = signed_in.get(url).content.decode()
        form = page.split('action="/checkin/now/"')[1].split("</form>")[0]
        assert 'name="csrfmiddlewaretoken"' in form
        assert '<button type="submit" class="btn btn-outline-danger">I used. Help me now.' in form


def test_recording_adds_detail_to_the_tapped_report_instead_of_a_second(signed_in, member):
    signed_in.post("/checkin/now/")
    tapped = UseReport.objects.get()
    assert tapped.kind == ""
    page = signed_in.get("/checkin/now/record/").content.decode()
    assert "doesn&#x27;t make a second one" in page or "doesn't make a second one" in page
    response = record_use(signed_in, notes="After payday")
    report = UseReport.objects.get()
    assert report.pk == tapped.pk and response.url == f"/checkin/now/{report.pk}/"
    assert (report.kind, report.notes) == ("lapse", "After payday")
    assert report.local_date == local_date(member.timezone, report.occurred_at)


def test_a_tapped_report_without_details_says_so_on_its_page(signed_in):
    signed_in.post("/checkin/now/")
    report = UseReport.objects.get()
    page = signed_in.get(f"/checkin/now/{report.pk}/").content.decode()
    assert "saved when you tapped" in page and 'href="/checkin/now/record/"' in page


def test_recording_without_a_tap_makes_a_new_report(signed_in):
    record_use(signed_in)
    record_use(signed_in)
    assert UseReport.objects.count() == 2


def test_the_kind_is_still_required_when_recording(signed_in):
    signed_in.post("/checkin/now/")
    response = record_use(signed_in, kind="")
    assert response.status_code == 200 and "Please choose one." in response.content.decode()
    assert UseReport.objects.get().kind == ""


def test_telling_the_counselor_sends_a_short_message_with_no_details(
    signed_in, member, counselor, django_capture_on_commit_callbacks
):
    page = signed_in.get("/checkin/now/tell/").content.decode()
    assert "going through a hard time" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post("/checkin/now/tell/", follow=True)
    assert response.redirect_chain == [("/checkin/now/record/", 302)]
    assert "your counselor gets it by email" in response.content.decode()
    [message] = mail.outbox
    assert message.to == [counselor.email]
    assert "going through a hard time" in message.body
    for word in ("used", "lapse", "relapse", "overdose"):
        assert word not in message.body.lower()


def test_telling_the_counselor_reaches_the_care_team_and_only_them(
    signed_in,
    counselor,
    counselor_without_consent,
    counselor_off_team,
    counselor_link_ended,
    inactive_counselor,
    django_capture_on_commit_callbacks,
):
    page = signed_in.get("/checkin/now/tell/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post("/checkin/now/tell/")

    # Being on the team is what counts, shared or not; consent without the team is not.
    team = {counselor, counselor_without_consent}
    assert sorted(to for m in mail.outbox for to in m.to) == sorted(c.email for c in team)
    for someone in team:
        assert someone.display_name in page
    for someone in (counselor_off_team, counselor_link_ended, inactive_counselor):
        assert someone.display_name not in page


def test_recording_a_lapse_stores_the_members_local_day(signed_in, member):
    response = record_use(signed_in, substance="", notes="After payday")
    report = UseReport.objects.get()
    assert response.url == f"/checkin/now/{report.pk}/"
    assert report.local_date == local_date(member.timezone, report.occurred_at)
    assert (report.member, report.kind, report.notes) == (member, "lapse", "After payday")
    page = signed_in.get(response.url).content.decode()
    assert "step up their care" in page and "not starting over" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"occurred_at": "2099-01-01T10:00"}, "still ahead"),
        ({"occurred_at": "9999-12-31T23:59"}, "Please check the year"),
        ({"occurred_at": "0001-01-01T00:00"}, "Please check the year"),
        ({"occurred_at": "yesterday"}, "Enter a valid date"),
        ({"kind": "bender"}, "Select a valid choice"),
        ({"notes": "x" * 1001}, "Keep this to 1,000 characters or fewer. It has 1,001."),
    ],
)
def test_bad_reports_get_a_clear_message_and_nothing_is_saved(signed_in, data, message):
    response = record_use(signed_in, **data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not UseReport.objects.exists()


def test_another_members_report_answers_404(signed_in, other_member):
    theirs = UseReport.objects.create(
        member=other_member,
        occurred_at=timezone.now(),
        local_date=timezone.localdate(),
        kind="lapse",
    )
    for url in (f"/checkin/now/{theirs.pk}/", f"/checkin/now/{theirs.pk}/reflect/"):
        assert signed_in.get(url).status_code == 404
    assert (
        signed_in.post(f"/checkin/now/{theirs.pk}/reflect/", {"before": "mine"}).status_code == 404
    )
    assert (
        signed_in.post(f"/checkin/now/{theirs.pk}/to-plan/", {"lesson": "trigger"}).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.before == "" and not Plan.objects.exists()


def test_the_reflection_carries_its_lessons_into_the_plan(signed_in, member):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=["triggers"])
    record_use(signed_in)
    report = UseReport.objects.get()
    signed_in.post(
        f"/checkin/now/{report.pk}/reflect/",
        {
            "before": "Double shifts all week",
            "halt_tired": "3",
            "halt_lonely": "2",
            "trigger": "Cash in my pocket",
            "dropped_routine": "Thursday group",
            "will_change": "Deposit pay on the way home",
        },
    )
    report.refresh_from_db()
    assert report.reflected_at and report.halt_then == {"tired": 3, "lonely": 2}

    response = signed_in.post(
        f"/checkin/now/{report.pk}/to-plan/", {"lesson": "trigger", "kind": "internal"}
    )
    assert response.url == "/plan/triggers/"
    signed_in.post(f"/checkin/now/{report.pk}/to-plan/", {"lesson": "warning_sign"})
    signed_in.post(f"/checkin/now/{report.pk}/to-plan/", {"lesson": "action"})
    plan = Plan.objects.get()
    assert (plan.items("triggers")[-1]["text"], plan.items("triggers")[-1]["kind"]) == (
        "Cash in my pocket",
        "internal",
    )
    assert (plan.items("warning_signs")[-1]["text"], plan.items("warning_signs")[-1]["stage"]) == (
        "Thursday group",
        "emotional",
    )
    assert (plan.items("actions")[-1]["text"], plan.items("actions")[-1]["then"]) == (
        "Cash in my pocket",
        "Deposit pay on the way home",
    )
    assert "triggers" in plan.finished_sections  # still finished


def _reflected(signed_in, trigger="Feeling left out at the party"):
    record_use(signed_in)
    report = UseReport.objects.get()
    signed_in.post(f"/checkin/now/{report.pk}/reflect/", {"before": "A party", "trigger": trigger})
    return report


@pytest.mark.parametrize("kind", ["internal", "external"])
def test_the_member_says_where_the_trigger_came_from(signed_in, kind):
    report = _reflected(signed_in)
    page = signed_in.get(f"/checkin/now/{report.pk}/").content.decode()
    assert "Where did the trigger come from?" in page
    assert 'name="kind" value="internal"' in page and 'name="kind" value="external"' in page
    signed_in.post(f"/checkin/now/{report.pk}/to-plan/", {"lesson": "trigger", "kind": kind})
    assert [(t["text"], t["kind"]) for t in Plan.objects.get().items("triggers")] == [
        ("Feeling left out at the party", kind)
    ]


@pytest.mark.parametrize("kind", ["", "sideways"])
def test_a_trigger_without_a_valid_kind_gets_a_clear_message_and_changes_nothing(signed_in, kind):
    report = _reflected(signed_in)
    response = signed_in.post(
        f"/checkin/now/{report.pk}/to-plan/", {"lesson": "trigger", "kind": kind}, follow=True
    )
    assert "came from inside you or from around you" in response.content.decode()
    assert not Plan.objects.exists()


def test_a_relapse_is_named_as_the_seeds_do_regular_or_uncontrolled_use(signed_in):
    page = signed_in.get("/checkin/now/record/").content.decode()
    assert "A relapse (back to regular or uncontrolled use)" in page
    assert "more than once" not in page


def test_a_lesson_not_yet_written_is_not_added(signed_in):
    record_use(signed_in)
    report = UseReport.objects.get()
    response = signed_in.post(f"/checkin/now/{report.pk}/to-plan/", {"lesson": "trigger"})
    assert response.url == f"/checkin/now/{report.pk}/reflect/"
    assert not Plan.objects.exists()
    assert (
        signed_in.post(f"/checkin/now/{report.pk}/to-plan/", {"lesson": "nonsense"}).status_code
        == 302
    )


# Midday in New York: the use recorded "two hours ago" falls on the member's today
# (between midnight and 2 a.m. it would fall on yesterday, and yesterday isn't sober).
@time_machine.travel(datetime(2027, 3, 10, 17, 0, tzinfo=UTC))
def test_counters_after_a_lapse_keep_the_earlier_days(client):
    member = UserFactory(date_joined=timezone.now() - timedelta(days=30))
    client.force_login(member)
    record_use(client)
    page = client.get("/checkins/").content.decode()
    progress = client.get("/checkins/").context["progress"]
    assert progress.sober_days == 30 and progress.current_run == 0 and progress.longest_run == 30
    assert "doesn&#x27;t erase" in page or "doesn't erase" in page


def test_their_people_can_be_texted_a_ready_message_they_read_first(signed_in, member):
    write_plan(member, copy.deepcopy(ALEX_PLAN), author=member, finished=[])
    page = signed_in.get("/checkin/now/tell/").content.decode()
    assert 'href="tel:+12025550143"' in page
    assert 'href="sms:+12025550143?&amp;body=I%27m%20having%20a%20hard%20time' in page
    assert "ready to send or change" in page


def test_a_report_more_than_a_year_back_is_refused(signed_in):
    response = record_use(signed_in, occurred_at="2001-01-01T10:00")
    assert "within the last year" in response.content.decode()
    assert not UseReport.objects.exists()


def test_telling_twice_does_not_email_the_counselor_twice(
    signed_in, member, counselor, django_capture_on_commit_callbacks
):
    pages = []
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            pages.append(signed_in.post("/checkin/now/tell/", follow=True).content.decode())
    assert len(mail.outbox) == 1
    # The second time the member is told the truth: the first email stands.
    assert "gets it by email" in pages[0] and "that email stands" not in pages[0]
    assert "that email stands" in pages[1] and "gets it by email" not in pages[1]
    delivery = Delivery.objects.get()
    assert (delivery.purpose, delivery.to_user, delivery.about, delivery.status) == (
        "tell_counselor",
        counselor,
        member,
        "sent",
    )
    # A fixed subject: the member's name is in the body, never in a header.
    assert mail.outbox[0].subject == "A client would like to hear from you"
    assert member.display_name not in mail.outbox[0].subject


def test_the_counselor_hears_again_after_12_hours(
    signed_in, member, counselor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post("/checkin/now/tell/")
    later = timezone.now() + timedelta(hours=12, minutes=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        signed_in.force_login(member)  # the session itself lasts 12 hours
        signed_in.post("/checkin/now/tell/")
    assert [m.to for m in mail.outbox] == [[counselor.email], [counselor.email]]


def _plan_with(member, *kinds):
    content = copy.deepcopy(ALEX_PLAN)
    content["medications"] = [{"text": f"My {kind}", "moud": kind} for kind in kinds]
    write_plan(member, content, author=member, finished=[])


KEEP_TAKING = "Keep taking your buprenorphine or methadone as prescribed"
NALTREXONE = "Trying to get past the block by using more is very dangerous"
GENERAL = "If you take a medication for opioid use disorder, keep taking it"


@pytest.mark.parametrize(
    ("kinds", "shown", "not_shown"),
    [
        (("buprenorphine",), [KEEP_TAKING], [NALTREXONE, GENERAL]),
        (("methadone",), [KEEP_TAKING], [NALTREXONE, GENERAL]),
        (("naltrexone",), [NALTREXONE], [KEEP_TAKING, GENERAL]),
        ((), [GENERAL], [KEEP_TAKING, NALTREXONE]),
    ],
)
def test_after_a_return_to_use_the_words_fit_the_members_medication(
    signed_in, member, kinds, shown, not_shown
):
    _plan_with(member, *kinds)
    report = UseReport.objects.create(
        member=member, kind="lapse", occurred_at=timezone.now(), local_date=local_date("UTC")
    )
    for url in ("/checkin/now/", f"/checkin/now/{report.pk}/"):
        page = signed_in.get(url).content.decode()
        for words in shown:
            assert words in page, (url, words)
        for words in not_shown:
            assert words not in page, (url, words)
        assert "Call your prescriber today" in page or "call your prescriber today" in page
        assert "not medical advice" in page


def test_a_lesson_is_added_once_and_the_report_then_says_added(signed_in):
    report = _reflected(signed_in, trigger="Feeling left out at the party")
    page = signed_in.get(f"/checkin/now/{report.pk}/").content.decode()
    assert "Add the trigger to my plan" in page
    data = {"lesson": "trigger", "kind": "external"}
    signed_in.post(f"/checkin/now/{report.pk}/to-plan/", data)
    again = signed_in.post(f"/checkin/now/{report.pk}/to-plan/", data, follow=True)
    assert "Already in “My triggers”." in again.content.decode()
    assert [t["text"] for t in Plan.objects.get().items("triggers")] == [
        "Feeling left out at the party"
    ]
    page = again.content.decode()
    assert "Add the trigger to my plan" not in page
    assert ">Added</span> The trigger is in your plan." in page


@time_machine.travel(datetime(2026, 12, 4, 17, 59, tzinfo=UTC), tick=False)  # 12:59 in New York
def test_in_spanish_the_report_says_when_it_was_saved_on_a_24_hour_clock(client):
    client.force_login(UserFactory(language="es", timezone="America/New_York"))
    page = client.post("/checkin/now/", follow=True).content.decode()
    assert "Guardado a las 12:59: dijiste que consumiste." in page
    assert re.search(r"\d\s?[AaPp]\.?\s?[Mm]\b", said(page)) is None  # no a.m. or p.m.
