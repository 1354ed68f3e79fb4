"""The profile page (accounts.views profile): a member sets the day their recovery began."""

from __future__ import annotations

from datetime import timedelta

import pytest

from accounts.models import Role
from checkins.progress import local_date
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _form(user, **changes):
    return {"display_name": user.display_name, "timezone": user.timezone, "phone": "", **changes}


def test_a_member_sets_and_changes_the_day_their_recovery_began(signed_in, member):
    page = signed_in.get("/account/").content.decode()
    assert "The day my recovery began" in page
    today = local_date(member.timezone)
    assert f'max="{today.isoformat()}"' in page

    began = today - timedelta(days=120)
    response = signed_in.post("/account/", _form(member, recovery_began_on=began.isoformat()))
    assert response.url == "/account/"
    member.refresh_from_db()
    assert member.recovery_began_on == began

    # Optional: clearing it puts the counters back on the sign-up day.
    signed_in.post("/account/", _form(member, recovery_began_on=""))
    member.refresh_from_db()
    assert member.recovery_began_on is None


def test_a_day_in_the_future_gets_a_clear_message_and_changes_nothing(signed_in, member):
    tomorrow = local_date(member.timezone) + timedelta(days=1)
    response = signed_in.post(
        "/account/", _form(member, display_name="Alex R.", recovery_began_on=tomorrow.isoformat())
    )
    assert response.status_code == 200
    assert "The day your recovery began can&#x27;t be in the future" in response.content.decode()
    member.refresh_from_db()
    assert (member.recovery_began_on, member.display_name) == (None, "Alex")


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.COORDINATOR])
def test_staff_profiles_have_no_start_date(client, role):
    person = UserFactory(role=role)
    client.force_login(person)
    assert "recovery_began_on" not in client.get("/account/").content.decode()
    client.post("/account/", _form(person, recovery_began_on="2020-01-01"))
    person.refresh_from_db()
    assert person.recovery_began_on is None
    # The member's own profile page does show it (the positive beside the negative).
    member = UserFactory(role=Role.MEMBER)
    client.force_login(member)
    assert 'name="recovery_began_on"' in client.get("/account/").content.decode()
