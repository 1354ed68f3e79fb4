"""Real-browser tests: Playwright (sync API) driving Debian's Chromium against live_server.

These tests use Debian's Chromium at /usr/bin/chromium (`make test` installs it when missing);
Playwright's own browser downloads are never used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parents[1]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"  # git-ignored

# A phone-sized context (roughly an iPhone 12-15), for tests that want one.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e is an e2e test (select or skip with `-m e2e` / `-m "not e2e"`)."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing, so the real-browser tests cannot run. Install Debian's "
            "Chromium with `apt-get update && apt-get install -y chromium chromium-driver` "
            "(never `playwright install`).",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # Pin locale and time zone so pages render the same on every machine.
    return {**browser_context_args, "locale": "en-US", "timezone_id": "America/New_York"}


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """Save a full-page screenshot as test-artifacts/<name>.png and return its path."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)

    def save(page: Page, name: str) -> Path:
        path = ARTIFACTS_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def csp_violations() -> Iterator[list[str]]:
    """Every Content-Security-Policy refusal the browser reported during the test.

    The pages run under the production policy (no inline script or style, no other origin);
    whatever the browser refused would be broken for members, so the test fails on it.
    """
    found: list[str] = []
    yield found
    if found:
        pytest.fail("The page broke the Content-Security-Policy:\n" + "\n".join(found))


def watch_csp(context: BrowserContext, found: list[str]) -> None:
    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            found.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", on_console)


@pytest.fixture
def context(context: BrowserContext, csp_violations: list[str]) -> BrowserContext:
    """pytest-playwright's context (so `page` too), watched for CSP refusals."""
    watch_csp(context, csp_violations)
    return context


@pytest.fixture
def phone_page(
    browser: Browser, browser_context_args: dict, csp_violations: list[str]
) -> Iterator[Page]:
    """A page in a phone-sized, touch-enabled context, watched for CSP refusals."""
    context = browser.new_context(**{**browser_context_args, **PHONE})
    watch_csp(context, csp_violations)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def spanish_phone(
    browser: Browser, browser_context_args: dict, csp_violations: list[str]
) -> Iterator[Page]:
    """A phone whose browser asks for Mexican Spanish (its Accept-Language)."""
    context = browser.new_context(**{**browser_context_args, **PHONE, "locale": "es-MX"})
    watch_csp(context, csp_violations)
    page = context.new_page()
    yield page
    context.close()
