"""The FHIR downloads in a real browser: the member's from My data after the password, and a
counselor's from the client page, by keyboard, with the notice on the page and in the file."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.consent import REDISCLOSURE_NOTICE
from tests.e2e.helpers import sign_in
from tests.factories import PASSWORD
from tests.fhir_export.fhir import valid_bundle
from tests.fhir_export.records import full_record

pytestmark = pytest.mark.django_db(transaction=True)


def _downloaded(download) -> dict:
    assert download.suggested_filename.startswith("waypoint-fhir-")
    with open(download.path(), encoding="utf-8") as file:
        data = json.load(file)
    valid_bundle(data)
    return data


def test_the_member_downloads_their_bundle_from_my_data(page: Page, live_server, member):
    full_record(member)
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/account/my-data/")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download in FHIR format").click()
    data = _downloaded(download.value)
    assert data["entry"][0]["resource"]["name"] == [{"text": "Alex"}]


def test_a_counselor_downloads_by_keyboard_with_the_notice(
    browser: Browser, browser_context_args, live_server, member, counselor
):
    full_record(member)
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    sign_in(page, live_server, counselor.email)
    page.goto(f"{live_server.url}/counselor/clients/{member.pk}/")
    expect(page.get_by_role("main")).to_contain_text("42 CFR part 2")
    button = page.get_by_role("button", name="Download in FHIR format")
    button.focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    data = _downloaded(download.value)
    assert data["meta"]["extension"][0]["valueString"] == str(REDISCLOSURE_NOTICE)
    context.close()
