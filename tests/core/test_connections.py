"""core.connections: after a database error, the request's connection is not kept.

The failover measured in issue 14: sessions opened while the database was read-only stay
read-only after it recovers, and Django kept them (they answer SELECT 1) for their whole
conn_max_age. The test client keeps one connection across requests, like a gunicorn
worker within conn_max_age, so a session made read-only here is that stale connection.
"""

from __future__ import annotations

import pytest
from django.db import DataError, IntegrityError, InternalError, OperationalError, connection
from django.test import Client

from checkins.models import CheckIn
from core.connections import is_fault
from tests.checkins.helpers import CALM


@pytest.mark.skipif(connection.vendor != "postgresql", reason="read-only sessions are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_after_a_read_only_error_the_next_check_in_is_saved_on_a_fresh_connection(member):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")

    refused = client.post("/checkin/", CALM)
    assert refused.status_code == 500
    # The member sees the error page with the crisis lines, not a bare error.
    assert 'href="tel:988"' in refused.content.decode()
    assert connection.connection is None
    assert not CheckIn.objects.filter(member=member).exists()

    saved = client.post("/checkin/", CALM)
    assert saved.status_code == 302
    assert CheckIn.objects.filter(member=member).count() == 1


@pytest.mark.django_db
def test_a_page_that_does_not_fail_keeps_its_connection(signed_in):
    connection.ensure_connection()
    kept = connection.connection
    assert signed_in.get("/checkin/").status_code == 200
    assert connection.connection is kept


def test_connection_and_server_errors_are_faults_row_errors_are_not():
    assert is_fault(InternalError("cannot execute INSERT in a read-only transaction"))
    assert is_fault(OperationalError("server closed the connection unexpectedly"))
    assert not is_fault(IntegrityError("duplicate key value"))
    assert not is_fault(DataError("value too long"))
    assert not is_fault(ValueError("not a database error"))
    try:
        try:
            raise OperationalError("terminating connection due to administrator command")
        except OperationalError as exc:
            raise RuntimeError("while rendering") from exc
    except RuntimeError as wrapped:
        assert is_fault(wrapped)
