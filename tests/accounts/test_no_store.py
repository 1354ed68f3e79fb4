"""Nothing shown behind sign-in is kept by a browser or cache (NoStoreMiddleware)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["/today/", "/plan/print/", "/checkins/", "/account/"])
def test_pages_behind_sign_in_are_never_stored(signed_in, plan, page):
    response = signed_in.get(page)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private", "no-cache"} <= cache_control


def test_a_counselors_client_page_is_never_stored(client, counselor, member, plan):
    client.force_login(counselor)
    response = client.get(f"/counselor/clients/{member.pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_public_pages_may_be_cached_as_before(client):
    response = client.get("/help/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
