"""Updating a recommendation's outcome (stepping_up.views.client_outcome): through the gate,
audited; the same outcome again changes nothing; a new one shows on the member's Today."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from stepping_up.models import CareRecommendation
from tests import personas
from tests.factories import UserFactory
from tests.stepping_up.helpers import a_recommendation

pytestmark = pytest.mark.django_db


def _url(member, rec):
    return f"/counselor/clients/{member.pk}/care/recommendations/{rec.pk}/outcome/"


def test_a_new_outcome_is_saved_audited_and_shown_again_to_the_member(client, member, counselor):
    rec = a_recommendation(counselor, member)
    CareRecommendation.objects.filter(pk=rec.pk).update(seen_by_member_at=timezone.now())
    colleague = personas.counselor_for(member, display_name="Robin")
    client.force_login(colleague)
    response = client.post(_url(member, rec), {"outcome": "unavailable"})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.outcome, rec.outcome_by, rec.seen_by_member_at) == ("unavailable", colleague, None)
    assert AuditEvent.objects.filter(actor=colleague, action="update_care_outcome").count() == 1
    client.force_login(member)
    today = client.get("/today/").content.decode()
    assert "A note from your care team" in today
    assert "Robin updated where your care stands." in today


def test_the_same_outcome_twice_changes_nothing(client, member, counselor):
    rec = a_recommendation(counselor, member, outcome="starting")
    before = CareRecommendation.objects.get().outcome_at
    client.force_login(counselor)
    response = client.post(_url(member, rec), {"outcome": "starting"})
    assert response.status_code == 302
    assert CareRecommendation.objects.get().outcome_at == before
    assert not AuditEvent.objects.filter(action="update_care_outcome").exists()
    assert "nothing changed" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("outcome", ["", "cured"])
def test_a_bad_outcome_changes_nothing(client, member, counselor, outcome):
    rec = a_recommendation(counselor, member)
    client.force_login(counselor)
    response = client.post(_url(member, rec), {"outcome": outcome})
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was saved." in page
    assert CareRecommendation.objects.get().outcome == "talk"


def test_others_get_404_and_nothing_changes(client, member, counselor, other_member):
    rec = a_recommendation(counselor, member)
    for viewer in (
        personas.counselor_without_consent(member),
        personas.counselor_off_team(member),
        UserFactory(role="counselor"),
    ):
        client.force_login(viewer)
        assert client.post(_url(member, rec), {"outcome": "started"}).status_code == 404
    # Another member's recommendation through this member's URL: not found either.
    theirs = a_recommendation(personas.counselor_for(other_member), other_member)
    client.force_login(counselor)
    assert client.post(_url(member, theirs), {"outcome": "started"}).status_code == 404
    assert set(CareRecommendation.objects.values_list("outcome", flat=True)) == {"talk"}
    # The member's own counselor may.
    assert client.post(_url(member, rec), {"outcome": "started"}).status_code == 302
    assert CareRecommendation.objects.get(pk=rec.pk).outcome == "started"
