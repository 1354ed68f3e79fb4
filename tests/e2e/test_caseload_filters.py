"""The caseload's filters in a real browser: after Back, the filter boxes say what the
list below them shows (the browser would otherwise restore the choices made later)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_back_after_filtering_shows_the_filters_the_list_was_drawn_with(
    page: Page, live_server, counselor
):
    sign_in(page, live_server, counselor.email)
    expect(page).to_have_url(f"{live_server.url}/counselor/")
    stage = page.get_by_label("Open alert")
    expect(stage).to_have_value("")

    stage.select_option(label="Physical stage")
    page.get_by_role("button", name="Show these").click()
    expect(page).to_have_url(re.compile(r"stage=physical"))
    expect(page.get_by_label("Open alert")).to_have_value("physical")

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/counselor/")
    expect(page.get_by_role("row", name=re.compile("Alex"))).to_be_visible()
    expect(page.get_by_label("Open alert")).to_have_value("")
