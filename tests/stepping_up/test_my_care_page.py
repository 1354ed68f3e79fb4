"""The member's care page (stepping_up.views.my_care): their requests and their care team's
recommendations with outcomes; opening it is reading them, so Today's card goes away."""

from __future__ import annotations

import pytest

from stepping_up.models import CareRecommendation
from tests import personas
from tests.stepping_up.helpers import a_recommendation, a_request

pytestmark = pytest.mark.django_db


def test_the_member_sees_the_recommendation_its_note_and_outcome(signed_in, member, counselor):
    a_request(member, "iop", note="Evenings are hard")
    a_recommendation(counselor, member, "php", outcome="unavailable", note="Waitlist is 2 weeks.")
    page = signed_in.get("/care/").content.decode()
    assert "Casey recommended" in page and "Partial hospitalization (PHP)" in page
    assert "Waitlist is 2 weeks." in page
    assert "Where it stands: Not available right now (waitlist, insurance)" in page
    assert "Intensive outpatient (IOP)" in page and "Answered" in page
    assert "Evenings are hard" in page
    assert 'badge text-bg-primary">New<' in page


def test_opening_it_marks_the_recommendations_seen(signed_in, member, counselor):
    rec = a_recommendation(counselor, member)
    assert "A note from your care team" in signed_in.get("/today/").content.decode()
    signed_in.get("/care/")
    rec.refresh_from_db()
    assert rec.seen_by_member_at is not None
    assert "A note from your care team" not in signed_in.get("/today/").content.decode()


def test_only_their_own(signed_in, member, other_member):
    a_recommendation(personas.counselor_for(other_member, display_name="Robin"), other_member)
    page = signed_in.get("/care/").content.decode()
    assert "Robin" not in page and "No recommendations yet." in page
    assert CareRecommendation.objects.get().seen_by_member_at is None


def test_counselors_cannot_open_it(client, member, counselor):
    client.force_login(counselor)
    assert client.get("/care/").status_code == 403


def test_the_page_takes_the_same_queries_however_long_the_story(
    signed_in, member, counselor, django_assert_max_num_queries
):
    a_request(member)
    a_recommendation(counselor, member)
    with django_assert_max_num_queries(30) as few:
        signed_in.get("/care/")
    for level in ("detox", "residential", "php", "outpatient", "sober_living", "peer_support"):
        a_request(member, level)
        a_recommendation(counselor, member, level)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = signed_in.get("/care/").content.decode()
    assert page.count("Casey recommended") == 7
