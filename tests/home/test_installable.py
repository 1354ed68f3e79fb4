"""home/installable.py: the manifest, the service worker, the offline page and the member's
crisis card. (Offline behaviour itself is in tests/e2e/test_offline.py, in a browser.)"""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, override_settings

from contacts.models import SupportContact
from core import crisis_lines

pytestmark = pytest.mark.django_db


def _config(client: Client) -> dict:
    script = client.get("/sw.js").content.decode()
    return json.loads(re.search(r"const CONFIG = (\{.*?\});", script).group(1))


def test_the_manifest_makes_waypoint_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Waypoint" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert {"192x192", "512x512"} <= {i["sizes"] for i in manifest["icons"]}
    assert any(i.get("purpose") == "maskable" for i in manifest["icons"])
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_worker_is_never_served_stale_and_names_what_it_keeps(client):
    response = client.get("/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    config = _config(client)
    assert config["pages"] == ["/offline/", "/help/", "/checkin/now/"]
    assert config["card"] == "/help/my-card/" and config["signOut"] == "/accounts/logout/"
    assert "/static/js/offline.js" in config["files"]


def test_every_page_kept_for_offline_is_public_and_carries_the_crisis_lines(client):
    # The worker fetches them without cookies: they must answer a signed-out visitor
    # directly (no sign-in redirect) and carry the lines a person in trouble needs.
    for path in _config(client)["pages"]:
        response = Client().get(path)
        assert response.status_code == 200, path
        assert "tel:988" in response.content.decode(), path


def test_new_crisis_lines_give_a_new_worker_so_no_phone_keeps_an_old_number(client, settings):
    before = _config(client)["version"]
    lines = [
        *settings.WAYPOINT_CRISIS_LINES,
        *crisis_lines.normalized([{"label": "County crisis team", "number": "555-0100"}]),
    ]
    with override_settings(WAYPOINT_CRISIS_LINES=lines):
        assert _config(client)["version"] != before
    assert _config(client)["version"] == before


def test_the_offline_page_puts_911_first_for_anyone(client):
    page = client.get("/offline/").content.decode()
    assert page.index("call 911 now") < page.index("tel:988")
    assert 'href="/help/my-card/"' in page


def test_a_member_s_card_shows_their_people_and_no_one_else_s(signed_in, member, other_member):
    SupportContact.objects.create(member=member, name="Dana", phone="+12025550143")
    SupportContact.objects.create(member=other_member, name="Robin", phone="+12025550199")
    page = signed_in.get("/help/my-card/").content.decode()
    assert "Dana" in page and 'href="tel:+12025550143"' in page and "Robin" not in page
    assert "tel:988" in page
    assert "Keep my crisis card on this phone" in page


def test_only_members_have_a_card(client, counselor):
    assert client.get("/help/my-card/")["Location"].startswith("/accounts/login/")
    client.force_login(counselor)
    assert client.get("/help/my-card/").status_code in (302, 403)


def test_member_pages_tell_the_script_where_the_card_is_and_mark_sign_out(signed_in):
    page = signed_in.get("/today/").content.decode()
    assert 'data-card-url="/help/my-card/"' in page
    assert re.search(r'<form method="post" action="/accounts/logout/" data-sign-out>', page)
    assert 'rel="manifest" href="/manifest.webmanifest"' in page


def test_a_signed_out_page_offers_no_card(client):
    page = client.get("/help/").content.decode()
    assert "data-card-url" not in page and "Keep my crisis card" not in page
