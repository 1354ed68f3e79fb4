"""Fixtures shared by the reminder tests."""

from __future__ import annotations

import pytest

from tests.reminders.helpers import GRACE, RecordingSms, RejectingSms, UnreachableSms


@pytest.fixture
def fresh_transports(settings):
    """Test gateways with no memory of earlier tests; texts go to RecordingSms."""
    RecordingSms.sent = []
    RejectingSms.calls = 0
    UnreachableSms.calls = 0
    UnreachableSms.tried_at = []
    settings.WAYPOINT_REMINDER_GRACE = GRACE
    settings.WAYPOINT_SMS_BACKEND = f"{RecordingSms.__module__}.RecordingSms"
