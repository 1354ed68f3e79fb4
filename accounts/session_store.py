"""Django's database sessions, except that a database refusing the write is not "your
session was deleted".

Django's store turns every DatabaseError on an update into UpdateError, which its
middleware answers with a bare "Bad Request (400)". With the database read-only (a
failover, a full disk) a member opening the check-in form, whose session was due its daily
renewal (accounts.middleware), got that bare page with no crisis lines (bench/faults,
read-only: 870 tries). The page itself was fine: only the session's new expiry or a
staff session's idle clock could not be kept. So a refused write is logged and the
response goes out; the change is written by the next request that can. A session that
really was deleted meanwhile (signed out in another tab) still ends the request as
Django's does.
"""

from __future__ import annotations

import logging

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

log = logging.getLogger(__name__)


class SessionStore(DatabaseSessionStore):
    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except UpdateError as error:
            # Django wraps the driver's exception as the DatabaseError's __cause__; the
            # "no row was updated" DatabaseError it raises itself has none.
            behind = error.__context__
            if behind is None or behind.__cause__ is None:
                raise
            log.warning("session_not_saved error=%s", behind.__cause__.__class__.__name__)
