"""Subscribing a phone to notifications and stopping it (reminders.push): the member's own
devices only, well-formed ones only; bad input is a 400 with nothing stored."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from messaging.models import PushSubscription
from messaging.transports import MAX_DEVICES
from reminders.models import ReminderSchedule
from reminders.push import device_label
from tests.factories import UserFactory
from tests.push_service import Device, vapid_pair

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/checkin/reminders/phone/"
STOP = "/checkin/reminders/phone/stop/"
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture(autouse=True)
def keys(settings):
    public, private = vapid_pair()
    settings.WAYPOINT_VAPID_PUBLIC_KEY = public
    settings.WAYPOINT_VAPID_PRIVATE_KEY = private
    return public


def phone(name: str = "abc") -> Device:
    return Device(endpoint=f"https://fcm.googleapis.com/fcm/send/{name}")


def post(client, url, data, **headers):
    body = data if isinstance(data, (bytes, str)) else json.dumps(data)
    return client.post(url, body, content_type="application/json", **headers)


def stored():
    return list(PushSubscription.objects.values_list("member_id", "endpoint", "p256dh", "auth"))


def test_the_member_subscribes_this_phone_once(signed_in, member):
    device = phone()
    response = post(
        signed_in, SUBSCRIBE, device.subscription_json(), HTTP_USER_AGENT=ANDROID_CHROME
    )
    assert (response.status_code, response.json()) == (201, {"subscribed": True})
    assert stored() == [(member.pk, device.endpoint, device.p256dh, device.auth)]
    assert PushSubscription.objects.get().device == "Chrome on Android"

    again = post(signed_in, SUBSCRIBE, device.subscription_json())
    assert (again.status_code, again.json()) == (200, {"subscribed": True})
    assert stored() == [(member.pk, device.endpoint, device.p256dh, device.auth)]


def test_the_page_then_offers_notifications_for_a_reminder(signed_in, member):
    page = signed_in.get("/checkin/reminders/").content.decode()
    assert "Get reminders as notifications on this phone" in page
    assert "On this phone (notifications)" not in page
    post(signed_in, SUBSCRIBE, phone().subscription_json())
    page = signed_in.get("/checkin/reminders/").content.decode()
    assert "On this phone (notifications)" in page
    assert "Notifications are on for this phone." in page


def test_without_keys_nothing_is_offered_and_nothing_stored(signed_in, settings):
    settings.WAYPOINT_VAPID_PRIVATE_KEY = ""
    page = signed_in.get("/checkin/reminders/").content.decode()
    assert "notifications on this phone" not in page and "js/push.js" not in page
    assert post(signed_in, SUBSCRIBE, phone().subscription_json()).status_code == 400
    assert stored() == []


def _with(**changes):
    data = phone().subscription_json()
    keys = {**data["keys"], **changes.pop("keys", {})}  # type: ignore[dict-item]
    return {**data, "keys": keys, **changes}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"not json", id="not-json"),
        pytest.param([], id="a-list"),
        pytest.param({}, id="empty"),
        pytest.param(_with(endpoint="http://push.example.com/x"), id="plain-http"),
        pytest.param(_with(endpoint="javascript:alert(1)"), id="javascript"),
        pytest.param(_with(endpoint="https://" + "a" * 1000 + ".com/"), id="too-long"),
        pytest.param(_with(endpoint=None), id="no-endpoint"),
        pytest.param(_with(keys={"p256dh": "short"}), id="short-key"),
        pytest.param(_with(keys={"auth": "a+b/" * 6}), id="not-base64url"),
        pytest.param(_with(keys={"auth": 12}), id="auth-a-number"),
        pytest.param({**_with(), "keys": "x"}, id="keys-a-string"),
        pytest.param(b"{" + b" " * 5000 + b"}", id="too-big"),
    ],
)
def test_bad_input_is_refused_with_nothing_stored(signed_in, body):
    response = post(signed_in, SUBSCRIBE, body)
    assert response.status_code == 400
    assert response.json() == {
        "error": "This phone's answer could not be used. Nothing was changed."
    }
    assert stored() == []


def test_loopback_endpoints_only_while_developing(signed_in, settings):
    device = Device(endpoint="http://127.0.0.1:8123/push/1")
    settings.DEBUG = False
    assert post(signed_in, SUBSCRIBE, device.subscription_json()).status_code == 400
    settings.DEBUG = True
    assert post(signed_in, SUBSCRIBE, device.subscription_json()).status_code == 201


@pytest.mark.parametrize("who", ["anonymous", "counselor"])
def test_only_a_member_subscribes(client, who, counselor):
    if who == "counselor":
        client.force_login(counselor)
    response = post(client, SUBSCRIBE, phone().subscription_json())
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert post(client, STOP, {"endpoint": phone().endpoint}).status_code == response.status_code
    assert stored() == []


def test_a_post_without_the_csrf_token_is_refused(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert post(client, SUBSCRIBE, phone().subscription_json()).status_code == 403
    assert stored() == []


def test_a_shared_phone_belongs_to_whoever_subscribed_it_last(signed_in, member, other_member):
    device = phone()
    other = Client()
    other.force_login(other_member)
    post(other, SUBSCRIBE, device.subscription_json())
    post(signed_in, SUBSCRIBE, device.subscription_json())
    assert [row[0] for row in stored()] == [member.pk]


def test_the_oldest_device_gives_way_beyond_the_limit(signed_in, member):
    devices = [phone(f"d{n}") for n in range(MAX_DEVICES + 1)]
    for device in devices:
        assert post(signed_in, SUBSCRIBE, device.subscription_json()).status_code == 201
    kept = set(PushSubscription.objects.values_list("endpoint", flat=True))
    assert kept == {d.endpoint for d in devices[1:]}


def test_stopping_forgets_this_phone_only_and_the_reminders_keep_another_way(
    signed_in, member, other_member
):
    mine, theirs = phone("mine"), phone("theirs")
    post(signed_in, SUBSCRIBE, mine.subscription_json())
    PushSubscription.objects.create(
        member=other_member, endpoint=theirs.endpoint, p256dh=theirs.p256dh, auth=theirs.auth
    )
    ReminderSchedule.objects.filter(member=member).update(
        by_push=True, by_email=False, in_app=False
    )
    # Someone else's endpoint is not the member's to stop.
    assert post(signed_in, STOP, {"endpoint": theirs.endpoint}).status_code == 200
    assert PushSubscription.objects.filter(member=other_member).count() == 1

    response = post(signed_in, STOP, {"endpoint": mine.endpoint})
    assert (response.status_code, response.json()) == (200, {"subscribed": False})
    assert not PushSubscription.objects.filter(member=member).exists()
    # The reminder that came only as a notification now comes in Waypoint.
    assert list(
        ReminderSchedule.objects.filter(member=member).values_list("by_push", "in_app")
    ) == [(False, True)]
    assert post(signed_in, STOP, {"endpoint": "ftp://x"}).status_code == 400


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        (ANDROID_CHROME, "Chrome on Android"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Firefox on Linux",
        ),
        ("", ""),
    ],
)
def test_a_device_is_named_in_a_few_words(agent, label):
    assert device_label(agent) == label


def test_closing_the_account_forgets_the_phones(member):
    from home.closing import close_account

    PushSubscription.objects.create(member=member, endpoint=phone().endpoint, p256dh="k", auth="a")
    UserFactory()  # someone else's account is untouched
    assert close_account(member)
    assert stored() == []


def test_a_reminder_left_without_a_phone_says_where_it_comes_instead(signed_in, member):
    ReminderSchedule.objects.filter(member=member).update(by_push=True)
    page = signed_in.get("/checkin/reminders/").content.decode()
    assert "No phone gets notifications from Waypoint right now" in page
    post(signed_in, SUBSCRIBE, phone().subscription_json())
    page = signed_in.get("/checkin/reminders/").content.decode()
    assert "No phone gets notifications from Waypoint right now" not in page
