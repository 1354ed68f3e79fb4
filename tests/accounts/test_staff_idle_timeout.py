"""Idle staff sessions end (StaffIdleTimeoutMiddleware); members keep the usual length."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_counselor_idle_for_longer_than_the_limit_signs_in_again(client, counselor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(counselor)
        assert client.get("/counselor/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/counselor/").status_code == 200  # activity restarts the clock
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get("/counselor/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        response = client.get("/counselor/", follow=True)
    assert response.redirect_chain[0][0] == "/accounts/login/?next=/counselor/"
    assert "signed out after 30 minutes without activity" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(member=counselor, action="signed_out_idle").count() == 1


def test_the_limit_is_a_setting(client, coordinator, settings):
    settings.WAYPOINT_STAFF_IDLE_MINUTES = 5
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(coordinator)
        assert client.get("/alumni/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert client.get("/alumni/").url.startswith("/accounts/login/")


def test_the_stored_session_itself_expires_soon_after(client, counselor):
    client.force_login(counselor)
    client.get("/counselor/")
    assert client.session.get_expiry_age() == 2 * 30 * 60


def test_members_keep_the_usual_session(client, member):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(member)
        assert client.get("/today/").status_code == 200
    with time_machine.travel(start + timedelta(hours=3), tick=False):
        assert client.get("/today/").status_code == 200


def test_staff_pages_carry_the_warning_and_its_script_members_do_not(client, counselor, member):
    client.force_login(counselor)
    page = client.get("/counselor/").content.decode()
    assert 'id="idle-warning"' in page and 'data-idle-minutes="30"' in page
    assert "/static/js/idle.js" in page
    assert 'action="/account/still-here/"' in page
    client.force_login(member)
    page = client.get("/today/").content.decode()
    assert "idle-warning" not in page and "idle.js" not in page


def test_stay_signed_in_keeps_the_session_with_or_without_script(client, counselor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(counselor)
        client.get("/counselor/")
    with time_machine.travel(start + timedelta(minutes=28), tick=False):
        quiet = client.post("/account/still-here/", HTTP_X_REQUESTED_WITH="fetch")
        assert quiet.status_code == 204
    with time_machine.travel(start + timedelta(minutes=56), tick=False):
        plain = client.post("/account/still-here/", {"next": "/alerts/"})
        assert plain.url == "/alerts/"
    with time_machine.travel(start + timedelta(minutes=80), tick=False):
        assert client.get("/counselor/").status_code == 200
