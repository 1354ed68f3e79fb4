"""Notifications on this phone, in a real browser by keyboard: the member turns them on
(the browser's permission and push subscription are stand-ins pointing at the fake push
service, as no real push service is reachable from a test), the subscription is stored and
a reminder sent to it is decrypted by the "phone"; then the member turns them off."""

from __future__ import annotations

import base64
import json

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from messaging.models import PushSubscription
from messaging.transports import PushTransport
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import assert_no_serious_violations
from tests.push_service import push_service, vapid_pair

pytestmark = pytest.mark.django_db(transaction=True)

# Stands in for the browser's own: permission granted, and a subscription to the fake
# push service with the device's real keys (kept across reloads as a real one is).
FAKE_PUSH = """
(() => {
  const device = %s;
  const subscription = {
    endpoint: device.endpoint,
    expirationTime: null,
    toJSON() { return device; },
    unsubscribe() { localStorage.removeItem("fake-push"); return Promise.resolve(true); },
  };
  Notification.requestPermission = () => Promise.resolve("granted");
  PushManager.prototype.subscribe = function (options) {
    const key = new Uint8Array(options.applicationServerKey);
    localStorage.setItem("fake-push", btoa(String.fromCharCode(...key)));
    return Promise.resolve(subscription);
  };
  PushManager.prototype.getSubscription = function () {
    return Promise.resolve(localStorage.getItem("fake-push") ? subscription : null);
  };
})();
"""


def test_the_member_turns_notifications_on_and_off_by_keyboard(
    phone_page: Page, live_server, member: User, settings, csp_violations: list[str]
) -> None:
    public, private = vapid_pair()
    settings.WAYPOINT_VAPID_PUBLIC_KEY, settings.WAYPOINT_VAPID_PRIVATE_KEY = public, private
    settings.DEBUG = True  # the fake push service is on plain http, on this machine
    page = phone_page
    with push_service() as service:
        device = service.device()
        page.add_init_script(FAKE_PUSH % json.dumps(device.subscription_json()))
        sign_in(page, live_server, member.email)
        page.goto(f"{live_server.url}/checkin/reminders/")

        section = page.get_by_role("region", name="Notifications on this phone")
        start = section.get_by_role("button", name="Get reminders as notifications on this phone")
        expect(start).to_be_visible()  # shown once the service worker is ready
        start.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")

        expect(page.get_by_text("Notifications are on for this phone.")).to_be_visible()
        stop = section.get_by_role("button", name="Stop notifications on this phone")
        expect(stop).to_be_visible()
        expect(page.get_by_role("checkbox", name="On this phone (notifications)")).to_be_visible()
        assert_no_serious_violations(page)
        # Subscribed with our public key, and stored as the browser gave it.
        sent_key = page.evaluate("localStorage.getItem('fake-push')")
        assert base64.urlsafe_b64encode(base64.b64decode(sent_key)).decode().rstrip("=") == public
        stored = PushSubscription.objects.get(member=member)
        assert (stored.endpoint, stored.p256dh, stored.auth) == (
            device.endpoint,
            device.p256dh,
            device.auth,
        )
        assert stored.device  # "Chrome on Android"-like, from the phone's User-Agent

        # A reminder to it reaches the "phone", which can open it.
        PushTransport().send(str(member.pk), "Time for your check-in", "Check in", "k")
        assert device.decrypt(service.received[0].body)["title"] == "Time for your check-in"

        stop.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.get_by_text("Notifications are off for this phone.")).to_be_visible()
        expect(start).to_be_visible()
        expect(page.get_by_role("checkbox", name="On this phone (notifications)")).to_have_count(0)
        assert not PushSubscription.objects.filter(member=member).exists()
    assert csp_violations == []


def test_a_subscription_waypoint_refuses_is_undone_on_the_phone_too(
    phone_page: Page, live_server, member: User, settings, csp_violations: list[str]
) -> None:
    public, private = vapid_pair()
    settings.WAYPOINT_VAPID_PUBLIC_KEY, settings.WAYPOINT_VAPID_PRIVATE_KEY = public, private
    settings.DEBUG = False  # so a plain-http endpoint is refused, as in production
    page = phone_page
    with push_service() as service:
        page.add_init_script(FAKE_PUSH % json.dumps(service.device().subscription_json()))
        sign_in(page, live_server, member.email)
        page.goto(f"{live_server.url}/checkin/reminders/")
        section = page.get_by_role("region", name="Notifications on this phone")
        start = section.get_by_role("button", name="Get reminders as notifications on this phone")
        start.focus()
        page.keyboard.press("Enter")

        expect(section.get_by_role("status")).to_have_text(
            "That did not work this time. Nothing was changed. Please try again in a little while."
        )
        expect(start).to_be_enabled()
        assert page.evaluate("localStorage.getItem('fake-push')") is None
        assert not PushSubscription.objects.exists()
    assert csp_violations == []
