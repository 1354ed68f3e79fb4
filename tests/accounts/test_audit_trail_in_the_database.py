"""On PostgreSQL the database itself keeps the audit trail: the app's own connection can
neither change, delete nor truncate it (SQLite has no such triggers: the code refuses, see
test_sharing_page.py, and production runs on PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.models import AuditEvent, Scope

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only"
    ),
]


@pytest.fixture
def event(member, counselor):
    return AuditEvent.objects.create(actor=counselor, member=member, scope=Scope.PLAN, action="v")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE accounts_auditevent SET action = 'edited'",
        "DELETE FROM accounts_auditevent",
        "TRUNCATE accounts_auditevent",
        "TRUNCATE accounts_user CASCADE",
    ],
)
def test_the_apps_own_connection_cannot_change_or_empty_the_trail(event, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # The test's own inserts leave deferred foreign-key checks pending, and PostgreSQL
        # refuses TRUNCATE for that alone; run them now so the trigger is what answers.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(sql)
    event.refresh_from_db()
    assert event.action == "v"
    assert AuditEvent.objects.count() == 1
