"""The icon on a phone and a desktop: the browser finds it, and no page asks for a file that
is not there (every page used to request a missing favicon.ico)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, Response

from accounts.models import User
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _missing(page: Page) -> list[str]:
    missing: list[str] = []

    def check(response: Response) -> None:
        if response.status >= 400:
            missing.append(f"{response.status} {response.url}")

    page.on("response", check)
    return missing


@pytest.mark.parametrize("context_args", [PHONE, {"viewport": {"width": 1280, "height": 900}}])
def test_pages_load_their_icon_and_nothing_is_missing(
    browser: Browser, browser_context_args: dict, live_server, member: User, context_args
) -> None:
    context = browser.new_context(**{**browser_context_args, **context_args})
    page = context.new_page()
    missing = _missing(page)
    sign_in(page, live_server, member.email)
    page.goto(f"{live_server.url}/today/")
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert icon and icon.endswith(".svg")
    loaded = page.request.get(f"{live_server.url}{icon}")
    assert loaded.status == 200 and "image/svg+xml" in loaded.headers["content-type"]
    # A browser that asks for the old name anyway is sent to the icon.
    assert page.request.get(f"{live_server.url}/favicon.ico").status == 200
    assert missing == []
    context.close()
