"""Members stay signed in on their own device (30 days from the last day used); on a shared
one the session ends with the browser. Staff sessions stay short whatever the box says."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

DAY = 24 * 60 * 60


def sign_in(client, person, *, remember: bool):
    data = {"username": person.email, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    return client.post("/accounts/login/", data)


def test_the_box_is_offered_and_ticked(client):
    page = client.get("/accounts/login/").content.decode()
    assert "Keep me signed in on this device" in page
    box = re.search(r'<input[^>]*name="remember"[^>]*>', page).group(0)
    assert 'type="checkbox"' in box and "checked" in box
    assert "shared or borrowed" in page


def test_a_member_on_their_own_phone_is_still_signed_in_after_three_weeks(client, member):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert sign_in(client, member, remember=True).status_code == 302
        assert client.session.get_expiry_age() == 30 * DAY
        assert client.cookies["sessionid"]["max-age"] == 30 * DAY
    with time_machine.travel(start + timedelta(days=21), tick=False):
        assert client.get("/today/").status_code == 200
        # Used today: the thirty days start again, and the cookie says so.
        assert client.session.get_expiry_age() == 30 * DAY
    with time_machine.travel(start + timedelta(days=45), tick=False):
        assert client.get("/today/").status_code == 200


def test_a_remembered_session_ends_after_thirty_days_unused(client, member):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, member, remember=True)
    with time_machine.travel(start + timedelta(days=31), tick=False):
        assert client.get("/today/").url.startswith("/accounts/login/")


def test_it_is_renewed_once_a_day_not_on_every_request(client, member):
    start = timezone.now().replace(hour=12)
    with time_machine.travel(start, tick=False):
        sign_in(client, member, remember=True)
    with time_machine.travel(start + timedelta(days=2), tick=False):
        first = client.get("/today/")
        assert "sessionid" in first.cookies  # renewed: a fresh cookie
    with time_machine.travel(start + timedelta(days=2, minutes=5), tick=False):
        again = client.get("/today/")
        assert "sessionid" not in again.cookies  # the same day: nothing written


def test_on_a_shared_device_the_session_ends_with_the_browser(client, member):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, member, remember=False)
        assert client.session.get_expire_at_browser_close()
        assert client.cookies["sessionid"]["max-age"] == ""
        assert client.get("/today/").status_code == 200
    # The server forgets it too, after the usual twelve hours.
    with time_machine.travel(start + timedelta(hours=13), tick=False):
        assert client.get("/today/").url.startswith("/accounts/login/")


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.COORDINATOR])
def test_staff_ticking_the_box_still_get_a_short_session(client, role):
    person = UserFactory(role=role)
    sign_in(client, person, remember=True)
    assert client.session.get_expiry_age() == 2 * 30 * 60
    assert "wp_remember" not in client.session
