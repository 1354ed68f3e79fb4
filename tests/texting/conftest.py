from __future__ import annotations

import pytest

from accounts.models import Role
from messaging.models import Delivery
from tests.factories import UserFactory
from tests.texting.helpers import PHONE, SECRET, post_text


@pytest.fixture(autouse=True)
def _webhook_secret(settings):
    settings.WAYPOINT_SMS_WEBHOOK_SECRET = SECRET
    settings.WAYPOINT_SMS_BACKEND = "messaging.transports.ConsoleSmsBackend"


@pytest.fixture
def texter(db):
    """A member who texts from PHONE."""
    return UserFactory(
        display_name="Alex", role=Role.MEMBER, phone=PHONE, timezone="America/New_York"
    )


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """Text Waypoint and let the worker handle it (tasks run eagerly); the texts sent back."""

    def send(text: str, phone: str = PHONE, **kwargs) -> list[str]:
        before = set(Delivery.objects.values_list("pk", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            response = post_text(client, text, phone, **kwargs)
        assert response.status_code == 200, response.content
        return list(
            Delivery.objects.exclude(pk__in=before)
            .filter(channel="sms", address=phone)
            .order_by("pk")
            .values_list("text", flat=True)
        )

    return send
