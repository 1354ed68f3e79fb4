"""Fixtures shared by the alumni tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def signed_in(client, coordinator):
    """The test client, signed in as the program's alumni coordinator."""
    client.force_login(coordinator)
    return client
