"""The icon: every page names it, and /favicon.ico finds it (no 404 on every page)."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_pages_name_the_icon_and_favicon_ico_leads_to_it(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page

    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/img/favicon.svg")
    assert finders.find("img/favicon.svg")
