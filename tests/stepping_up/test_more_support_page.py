""" "I'd like more support" (stepping_up.views.more_support): a real radio group of levels,
clear errors with nothing stored, one request per double tap, the care team told by a
content-free email, and a plain word (with the program's phone) when nobody can see it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Consent
from messaging.models import Delivery, Purpose
from stepping_up.models import CareRequest, Origin
from tests import personas
from tests.factories import CareAssignmentFactory, ConsentFactory

pytestmark = pytest.mark.django_db

PAGE = "/care/more-support/"
AFTER_USE = "/checkin/now/more-support/"


def _send(client, url=PAGE, callbacks=None, **data):
    data = {"level": "iop", "note": "", **data}
    if callbacks is None:
        return client.post(url, data)
    with callbacks(execute=True):
        return client.post(url, data)


def test_the_levels_are_a_real_radio_group_with_plain_words(signed_in, member, counselor):
    page = signed_in.get(PAGE).content.decode()
    assert "<fieldset" in page and "<legend" in page
    assert "What kind of support do you have in mind?" in page
    assert page.count('type="radio" name="level"') == 8
    assert 'id="ask-level-iop"' in page and 'for="ask-level-iop"' in page
    assert "Intensive outpatient (IOP)" in page
    assert "A few hours of treatment several times a week" in page
    assert "I&#x27;m not sure, let&#x27;s talk" in page
    assert "a strategy, not starting over" in page
    assert "This goes to your care team in Waypoint: Casey." in page
    assert "Send to my care team" in page


def test_after_a_return_to_use_it_says_so_and_remembers_where_it_came_from(
    signed_in, member, counselor
):
    page = signed_in.get(AFTER_USE).content.decode()
    assert "after a return to use" in page
    response = _send(signed_in, AFTER_USE, level="php")
    assert response.status_code == 302 and response["Location"] == "/care/"
    request = CareRequest.objects.get()
    assert (request.level, request.origin) == ("php", Origin.RETURN_TO_USE)


def test_a_request_reaches_the_care_team_by_a_content_free_email(
    signed_in, member, counselor, mailoutbox, django_capture_on_commit_callbacks
):
    response = _send(
        signed_in, callbacks=django_capture_on_commit_callbacks, note="Evenings are hard"
    )
    assert response["Location"] == "/care/"
    request = CareRequest.objects.get()
    assert (request.member, request.level, request.note, request.origin) == (
        member,
        "iop",
        "Evenings are hard",
        Origin.PLAN,
    )
    [email] = mailoutbox
    assert email.to == [counselor.email]
    assert email.subject == "A client sent you a request"
    text = email.subject + email.body
    for private in ("Alex", "IOP", "intensive", "Evenings", "support", "care"):
        assert private.lower() not in text.lower()
    assert "http://testserver/alerts/" in email.body
    followed = signed_in.get("/care/").content.decode()
    assert "Sent to your care team: Casey." in followed


def test_counselors_off_the_team_or_without_plan_consent_are_not_told(
    signed_in, member, counselor, mailoutbox, django_capture_on_commit_callbacks
):
    without = personas.counselor_without_consent(member)
    off_team = personas.counselor_off_team(member)
    only_alerts = personas.counselor_for(member, scopes=("alerts", "checkins"))
    _send(signed_in, callbacks=django_capture_on_commit_callbacks)
    told = {tuple(m.to) for m in mailoutbox}
    assert told == {(counselor.email,)}
    assert not {without.email, off_team.email, only_alerts.email} & {t[0] for t in told}


def test_a_double_tap_sends_one_request_and_one_email(
    signed_in, member, counselor, mailoutbox, django_capture_on_commit_callbacks
):
    _send(signed_in, callbacks=django_capture_on_commit_callbacks)
    response = _send(signed_in, callbacks=django_capture_on_commit_callbacks)
    assert response["Location"] == "/care/"
    assert CareRequest.objects.count() == 1
    assert len(mailoutbox) == 1
    assert "You sent this a moment ago" in signed_in.get("/care/").content.decode()


def test_a_new_level_is_a_new_request_but_the_counselor_is_not_emailed_twice(
    signed_in, member, counselor, mailoutbox, django_capture_on_commit_callbacks
):
    _send(signed_in, callbacks=django_capture_on_commit_callbacks)
    _send(signed_in, callbacks=django_capture_on_commit_callbacks, level="php")
    assert sorted(CareRequest.objects.values_list("level", flat=True)) == ["iop", "php"]
    assert len(mailoutbox) == 1  # the inbox shows both; the email said something is waiting


def test_the_same_level_later_is_a_new_request(
    signed_in, member, counselor, django_capture_on_commit_callbacks
):
    _send(signed_in, callbacks=django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        _send(signed_in, callbacks=django_capture_on_commit_callbacks)
    assert CareRequest.objects.count() == 2


@pytest.mark.parametrize(
    "data, error",
    [
        ({"level": ""}, "Choose the support you have in mind"),
        ({"level": "moon_base"}, "Choose the support you have in mind"),
        ({"note": "x" * 501}, "Please keep the note under 500 characters."),
    ],
)
def test_bad_input_says_what_to_fix_and_stores_nothing(
    signed_in, member, counselor, mailoutbox, data, error
):
    response = _send(signed_in, **data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not CareRequest.objects.exists()
    assert not Delivery.objects.filter(purpose=Purpose.CARE_REQUEST).exists()


def test_when_nobody_can_see_it_the_page_says_so_and_offers_the_program_phone(
    signed_in, member, settings, mailoutbox
):
    settings.WAYPOINT_PROGRAM_PHONE = {"number": "(202) 555-0100", "dial": "+12025550100"}
    # On the care team, but sharing only check-ins and alerts: the plan is not shared.
    personas.counselor_for(member, scopes=("checkins", "alerts"))
    page = signed_in.get(PAGE).content.decode()
    assert "No counselor can see requests from you in Waypoint yet" in page
    assert 'href="tel:+12025550100"' in page
    assert "Send to my care team" not in page
    response = _send(signed_in)
    assert response.status_code == 200
    assert "No counselor can see requests from you" in response.content.decode()
    assert not CareRequest.objects.exists() and mailoutbox == []


def test_after_consent_is_revoked_nothing_is_sent(signed_in, member, counselor, mailoutbox):
    Consent.objects.get(member=member).revoke()
    _send(signed_in)
    assert not CareRequest.objects.exists() and mailoutbox == []
    # And with the plan shared again, it goes.
    ConsentFactory(member=member, recipient=counselor, scope_checkins=False, scope_alerts=False)
    assert _send(signed_in).status_code == 302
    assert CareRequest.objects.count() == 1


def test_only_members_ask(client, member, counselor):
    client.force_login(counselor)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"level": "iop"}).status_code == 403
    client.logout()
    assert client.get(PAGE).status_code == 302
    assert not CareRequest.objects.exists()


def test_the_level_never_goes_in_the_url(signed_in, member, counselor):
    response = _send(signed_in, level="residential")
    assert "residential" not in response["Location"]
    assert signed_in.get(PAGE + "?level=detox").status_code == 200
    assert not CareRequest.objects.filter(level="detox").exists()


def test_sending_takes_the_same_queries_however_big_the_care_team(
    signed_in, member, counselor, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as few:
        _send(signed_in)
    CareRequest.objects.all().delete()
    Delivery.objects.all().delete()
    for _ in range(5):
        link = CareAssignmentFactory(member=member)
        ConsentFactory(member=member, recipient=link.counselor)
    # Each recorded email is one insert: allow those, nothing per counselor beyond it.
    with django_assert_max_num_queries(len(few.captured_queries) + 5):
        _send(signed_in)
    assert Delivery.objects.filter(purpose=Purpose.CARE_REQUEST).count() == 6
