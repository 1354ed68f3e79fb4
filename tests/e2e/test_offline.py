"""Installable and offline, in a real browser on a phone: with the network cut, the app
opens the safety pages and the member's kept crisis card; signing out removes the card."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from contacts.models import SupportContact
from tests.e2e.helpers import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _worker_ready(page: Page) -> None:
    # Installed (its public pages kept) and in control of this page.
    page.wait_for_function(
        "navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"
    )
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def _help_through_the_worker(page: Page, live_server) -> None:
    """Get help now, once the worker is installed and answers for the page."""
    page.goto(f"{live_server.url}/help/")
    _worker_ready(page)
    page.reload()


def _card_kept(page: Page) -> bool:
    return page.evaluate("caches.has('waypoint-card')")


def test_offline_the_app_opens_the_safety_pages_and_the_kept_card_until_sign_out(
    phone_page: Page, live_server, member: User, csp_violations: list[str]
) -> None:
    SupportContact.objects.create(
        member=member, name="Dana", relationship="sister", phone="+12025550143"
    )
    page = phone_page
    sign_in(page, live_server, member.email)
    _help_through_the_worker(page, live_server)

    keeper = page.get_by_role("region", name="On this phone")
    keeper.get_by_role("button", name="Keep my crisis card on this phone").click()
    expect(keeper.get_by_role("status")).to_have_text(
        "Done. Your crisis card is kept on this phone."
    )
    # Focus moves to the control that undoes it (keyboard users are not left on a hidden button).
    expect(keeper.get_by_role("button", name="Remove it from this phone")).to_be_focused()

    page.context.set_offline(True)
    page.goto(f"{live_server.url}/help/my-card/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="My crisis card")).to_be_visible()
    expect(main.get_by_role("link", name="Call Dana")).to_have_attribute("href", "tel:+12025550143")
    expect(main.get_by_role("link", name="Call 988")).to_be_visible()

    # Any other page: the offline page, with 911 first and the way to the card.
    page.goto(f"{live_server.url}/today/")
    expect(main.get_by_role("heading", name="No connection right now")).to_be_visible()
    expect(main).to_contain_text("call 911 now")
    # Get help now, as anyone signed out sees it: the crisis lines, none of Alex's people.
    page.goto(f"{live_server.url}/help/")
    expect(main.get_by_role("link", name="Call 988")).to_be_visible()
    expect(main).not_to_contain_text("Dana")
    # ... and the way to the card this phone keeps, which opens offline.
    main.get_by_role("link", name="Open my crisis card (kept on this phone)").click()
    expect(main.get_by_role("link", name="Call Dana")).to_be_visible()
    page.goto(f"{live_server.url}/checkin/now/")
    expect(main).to_contain_text("naloxone")

    page.context.set_offline(False)
    page.goto(f"{live_server.url}/today/")
    page.get_by_role("button", name="Menu").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    assert _card_kept(page) is False

    page.context.set_offline(True)
    page.goto(f"{live_server.url}/help/my-card/")
    expect(main.get_by_role("heading", name="No connection right now")).to_be_visible()
    expect(main).not_to_contain_text("Dana")
    page.goto(f"{live_server.url}/help/")
    expect(main.get_by_role("link", name="Call 988")).to_be_visible()
    expect(main.get_by_role("link", name="Open my crisis card (kept on this phone)")).to_be_hidden()
    assert csp_violations == []


def test_offline_a_spanish_phone_keeps_text_988_with_ayuda_written(
    spanish_phone: Page, live_server, member: User, csp_violations: list[str]
) -> None:
    page = spanish_phone
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Correo electrónico").fill(member.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Iniciar sesión").click()
    _help_through_the_worker(page, live_server)
    keeper = page.get_by_role("region", name="En este teléfono")
    keeper.get_by_role("button", name="Guardar mi tarjeta de crisis en este teléfono").click()
    expect(keeper.get_by_role("status")).to_have_text(
        "Listo. Tu tarjeta de crisis está guardada en este teléfono."
    )

    page.context.set_offline(True)
    main = page.get_by_role("main")
    # The kept card, and Get help now as the worker kept it (fetched in this phone's language).
    for path in ("/help/my-card/", "/help/"):
        page.goto(f"{live_server.url}{path}")
        expect(main.get_by_role("link", name="Enviar mensaje al 988")).to_have_attribute(
            "href", "sms:988?&body=AYUDA"
        )
    assert csp_violations == []


def test_the_app_can_be_installed(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/help/")
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert page.request.get(live_server.url + icon["src"]).ok, icon["src"]
    _worker_ready(page)
