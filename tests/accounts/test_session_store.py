"""accounts.session_store: a database that refuses writes does not end the member's visit
with a bare "Bad Request (400)"; a session deleted meanwhile still ends it."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from accounts.session_store import SessionStore
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def refuse_session_updates():
    """As a read-only database does: the driver refuses the UPDATE. PostgreSQL: a trigger
    raising its read-only error, rolled back with the test's transaction; SQLite: the
    connection made read-only (SQLITE_READONLY), as it was again afterwards."""
    yield _refuse_session_updates
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF")


def _refuse_session_updates() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION pg_temp.refuse() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'cannot execute UPDATE in a read-only transaction' "
                "USING ERRCODE = '25006'; END $$"
            )
            cursor.execute(
                "CREATE TRIGGER refuse BEFORE UPDATE ON django_session "
                "FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse()"
            )
        else:
            cursor.execute("PRAGMA query_only = ON")


def test_a_member_whose_renewal_cannot_be_written_still_gets_the_check_in_form(
    client, member, caplog, refuse_session_updates
):
    start = timezone.now().replace(hour=12)
    with time_machine.travel(start, tick=False):
        client.post(
            "/accounts/login/", {"username": member.email, "password": PASSWORD, "remember": "on"}
        )
    stored = Session.objects.get()
    with time_machine.travel(start + timedelta(days=2), tick=False):
        refuse_session_updates()
        with caplog.at_level(logging.WARNING, logger="accounts.session_store"):
            response = client.get("/checkin/")

    assert response.status_code == 200
    assert re.search(r"<h1[^>]*>Today's check-in</h1>", response.content.decode())
    # Nothing was written: the renewal waits for a request that can write it.
    assert Session.objects.get().expire_date == stored.expire_date
    assert "session_not_saved" in caplog.text


def test_a_session_deleted_meanwhile_still_ends_the_request():
    store = SessionStore()
    store["seen"] = 1
    store.create()
    Session.objects.all().delete()  # signed out in another tab
    store["seen"] = 2
    with pytest.raises(UpdateError):
        store.save()
    assert not Session.objects.exists()


def test_a_refused_write_is_not_an_error_and_keeps_what_was_stored(refuse_session_updates):
    store = SessionStore()
    store["seen"] = 1
    store.create()
    refuse_session_updates()
    store["seen"] = 2
    store.save()
    assert SessionStore(store.session_key)["seen"] == 1
