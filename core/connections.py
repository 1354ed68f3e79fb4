"""A database connection that saw a failure is not used for another request.

Django keeps a persistent connection (CONN_MAX_AGE) after an error as long as it still
answers SELECT 1. A session opened while the database was read-only (a failover, a
standby being promoted) answers it, and stays read-only for its whole life after the
primary takes writes again: every save on it would fail until its age ran out (60 s of
error pages, measured). So when a request ends in a database error, this thread's
connections are closed and the next request opens fresh ones.

Celery workers need nothing more: Celery's Django fixup closes them after every task.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.db import DatabaseError, DataError, IntegrityError, connections

log = logging.getLogger(__name__)


def is_fault(exc: BaseException | None) -> bool:
    """A database error about the connection or the server, here or in what caused it.

    IntegrityError and DataError are about the row, not the connection: Django's own
    rule for which errors make a connection suspect.
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DatabaseError) and not isinstance(exc, (IntegrityError, DataError)):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def drop_after_fault(sender: object = None, **kwargs: Any) -> None:
    """got_request_exception: sent while the exception is being handled."""
    exc = sys.exc_info()[1]
    if not is_fault(exc):
        return
    log.warning("database_connection_dropped error=%s", type(exc).__name__)
    for conn in connections.all(initialized_only=True):
        conn.close()
