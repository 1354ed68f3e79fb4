"""Recording a recommendation from the client page (stepping_up.views.client_recommend): only a
counselor the gate lets see the member's plan may post (others get 404 or 403, as the client
page answers), bad input stores nothing, a double post records one, open requests are
answered and the member hears by a content-free email."""

from __future__ import annotations

import pytest

from accounts.models import AuditEvent, Scope
from messaging.models import Delivery, Purpose
from stepping_up.models import CareRecommendation, CareRequest
from tests import personas
from tests.factories import UserFactory
from tests.stepping_up.helpers import a_request

pytestmark = pytest.mark.django_db

GOOD = {"level": "iop", "note": "Let's talk Tuesday about the evening IOP.", "outcome": "talk"}


def _url(member):
    return f"/counselor/clients/{member.pk}/care/recommendations/"


def _post(client, viewer, member, callbacks=None, **data):
    client.force_login(viewer)
    if callbacks is None:
        return client.post(_url(member), {**GOOD, **data})
    with callbacks(execute=True):
        return client.post(_url(member), {**GOOD, **data})


def test_the_counselor_records_it_and_it_answers_the_open_requests(
    client, member, counselor, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = a_request(member, "iop"), a_request(member, "not_sure")
    response = _post(client, counselor, member, callbacks=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == f"/counselor/clients/{member.pk}/#stepping-up"
    rec = CareRecommendation.objects.get()
    assert (rec.member, rec.counselor, rec.level, rec.outcome, rec.outcome_by) == (
        member,
        counselor,
        "iop",
        "talk",
        counselor,
    )
    assert rec.note == GOOD["note"] and rec.seen_by_member_at is None
    for request in (first, second):
        request.refresh_from_db()
        assert request.answered_by == rec and request.answered_at is not None
    assert AuditEvent.objects.filter(
        actor=counselor, member=member, action="record_care_recommendation", scope=Scope.PLAN
    ).exists()
    member_mail = [m for m in mailoutbox if m.to == [member.email]]
    [email] = member_mail
    assert email.subject == "Your care team left you a note in Waypoint"
    assert "http://testserver/care/" in email.body
    for private in ("IOP", "intensive", "Tuesday", "Casey", "level"):
        assert private.lower() not in (email.subject + email.body).lower()


def test_a_double_post_records_one_and_emails_once(
    client, member, counselor, mailoutbox, django_capture_on_commit_callbacks
):
    _post(client, counselor, member, callbacks=django_capture_on_commit_callbacks)
    response = _post(client, counselor, member, callbacks=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert CareRecommendation.objects.count() == 1
    assert [m.to for m in mailoutbox] == [[member.email]]
    page = client.get(f"/counselor/clients/{member.pk}/").content.decode()
    assert "already saved a moment ago" in page


@pytest.mark.parametrize(
    "data, error",
    [
        ({"level": ""}, "Choose the level of care you recommend."),
        ({"level": "not_sure"}, "Choose one of the levels of care listed."),
        ({"outcome": "cured"}, "Choose one of the outcomes listed."),
        ({"note": "x" * 1001}, "Please keep the note under 1000 characters."),
    ],
)
def test_bad_input_stores_nothing_and_says_why(client, member, counselor, data, error):
    request = a_request(member)
    response = _post(client, counselor, member, **data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was saved." in page and error in page
    assert not CareRecommendation.objects.exists()
    request.refresh_from_db()
    assert request.is_open
    assert not Delivery.objects.filter(purpose=Purpose.CARE_NOTE).exists()
    assert not AuditEvent.objects.filter(action="record_care_recommendation").exists()


# Who may post: exactly whom the gate lets see the member's plan. Everyone else gets the
# answer the client page gives them: 404 for counselors (an outsider learns nothing), 403
# for other roles, the sign-in page for the signed-out.
@pytest.mark.parametrize(
    "who, status",
    [
        ("counselor_without_consent", 404),
        ("counselor_off_team", 404),
        ("counselor_link_ended", 404),
        ("counselor_sharing_only_alerts", 404),
        ("unrelated_counselor", 404),
        ("coordinator_with_consent", 403),
        ("program_admin", 403),
        ("the_member", 403),
    ],
)
def test_nobody_else_may_post(client, member, counselor, who, status):
    viewer = {
        "counselor_without_consent": personas.counselor_without_consent,
        "counselor_off_team": personas.counselor_off_team,
        "counselor_link_ended": personas.counselor_link_ended,
        "counselor_sharing_only_alerts": lambda m: personas.counselor_for(m, scopes=("alerts",)),
        "unrelated_counselor": lambda m: UserFactory(role="counselor", program=m.program),
        "coordinator_with_consent": personas.coordinator_with_consent,
        "program_admin": personas.program_admin,
        "the_member": lambda m: m,
    }[who](member)
    request = a_request(member)
    assert _post(client, viewer, member).status_code == status
    assert not CareRecommendation.objects.exists()
    request.refresh_from_db()
    assert request.is_open
    assert not AuditEvent.objects.filter(actor=viewer).exists()
    # The counselor the member shares the plan with may: the same request is answered.
    assert _post(client, counselor, member).status_code == 302
    assert CareRecommendation.objects.count() == 1


def test_signed_out_goes_to_sign_in_and_a_get_is_refused(client, member, counselor):
    assert client.post(_url(member), GOOD).status_code == 302
    client.force_login(counselor)
    assert client.get(_url(member)).status_code == 405
    assert not CareRecommendation.objects.exists()


def test_an_inactive_counselor_cannot_post(client, member):
    inactive = personas.inactive_counselor(member)
    client.force_login(inactive)
    response = client.post(_url(member), GOOD)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not CareRecommendation.objects.exists()


def test_a_member_id_that_is_not_a_member_is_404(client, member, counselor):
    client.force_login(counselor)
    assert client.post(_url(counselor), GOOD).status_code == 404
    assert client.post("/counselor/clients/999999/care/recommendations/", GOOD).status_code == 404
    assert not CareRecommendation.objects.exists()


def test_it_never_asks_for_more_requests_than_there_are(client, member, counselor):
    # With no request, a recommendation still stands on its own (a counselor's own idea).
    assert _post(client, counselor, member, level="php").status_code == 302
    assert CareRecommendation.objects.get().level == "php"
    assert not CareRequest.objects.exists()
