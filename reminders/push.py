"""Subscribing a phone to reminders as notifications, and stopping it.

static/js/push.js asks the browser for a push subscription (with our VAPID public key) and
POSTs its JSON here; "Stop notifications on this phone" unsubscribes it in the browser and
POSTs its endpoint to be forgotten. Only the member's own devices, only well-formed ones:
an endpoint on https (or this machine while DEBUG), the browser's keys as base64url of the
right lengths, a small body. Bad input is a 400 with nothing stored. The endpoint is the
device's secret: it is never logged nor shown, and it is the one key a device is known by.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, JsonResponse, RawPostDataException
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role, User
from messaging.models import PushSubscription
from messaging.transports import MAX_DEVICES, push_enabled
from reminders.models import ReminderSchedule

# A browser's subscription JSON is a few hundred bytes; anything far larger is not one.
MAX_BODY = 4096
ENDPOINT_LENGTH = PushSubscription._meta.get_field("endpoint").max_length or 1000
P256DH_BYTES = 65  # an uncompressed P-256 point: 0x04, x, y
AUTH_BYTES = 16
LOOPBACK = ("http://127.0.0.1:", "http://localhost:")


class BadSubscription(Exception):
    pass


def _b64url(value: object, length: int) -> str:
    """The key as sent, if it is unpadded-or-padded base64url of exactly `length` bytes."""
    if not isinstance(value, str) or len(value) > 2 * length:
        raise BadSubscription
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise BadSubscription from None
    if len(raw) != length or any(c in value for c in "+/"):
        raise BadSubscription
    return value.rstrip("=")


def _endpoint(value: object) -> str:
    if not isinstance(value, str) or len(value) > ENDPOINT_LENGTH:
        raise BadSubscription
    # Plain http only to this machine while developing (and in the browser tests).
    if not (value.startswith("https://") or (settings.DEBUG and value.startswith(LOOPBACK))):
        raise BadSubscription
    try:
        URLValidator(schemes=["https", "http"])(value)
    except ValidationError:
        raise BadSubscription from None
    return value


def _body(request: HttpRequest) -> dict[str, Any]:
    if request.content_type != "application/json":
        # A form's body is read (and gone) before the view; it is no subscription anyway.
        raise BadSubscription
    try:
        if len(request.body) > MAX_BODY:
            raise BadSubscription
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RawPostDataException):
        raise BadSubscription from None
    if not isinstance(data, dict):
        raise BadSubscription
    return data


def parse_subscription(data: dict[str, Any]) -> tuple[str, str, str]:
    """(endpoint, p256dh, auth) from a browser's PushSubscription.toJSON(), or BadSubscription."""
    keys = data.get("keys")
    if not isinstance(keys, dict):
        raise BadSubscription
    return (
        _endpoint(data.get("endpoint")),
        _b64url(keys.get("p256dh"), P256DH_BYTES),
        _b64url(keys.get("auth"), AUTH_BYTES),
    )


# The first mark found names it; order matters (Chrome's User-Agent also says Safari).
BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("Linux", "Linux"),
)


def _first_named(user_agent: str, marks: tuple[tuple[str, str], ...]) -> str:
    return next((name for mark, name in marks if mark in user_agent), "")


def device_label(user_agent: str) -> str:
    """A few words that tell the member's devices apart ("Firefox on Android"); nothing more
    of the User-Agent is kept."""
    browser = _first_named(user_agent, BROWSERS)
    system = _first_named(user_agent, SYSTEMS)
    return " ".join(part for part in (browser, "on" if browser and system else "", system) if part)


def _refused(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


@require_POST
@role_required(Role.MEMBER)
def subscribe(request: AuthenticatedHttpRequest) -> JsonResponse:
    member = request.user
    if not push_enabled():
        return _refused(_("This program does not send notifications to phones."))
    try:
        endpoint, p256dh, auth = parse_subscription(_body(request))
    except BadSubscription:
        return _refused(_("This phone's answer could not be used. Nothing was changed."))
    with transaction.atomic():
        # The member's row is the lock: two taps at once cannot pass MAX_DEVICES together.
        User.objects.select_for_update().filter(pk=member.pk).first()
        known = PushSubscription.objects.select_for_update().filter(endpoint=endpoint).first()
        if known is not None and known.member_id == member.pk:
            return JsonResponse({"subscribed": True})  # the same device again: nothing to do
        if known is not None:
            # A shared phone, now signed in as this member: it is theirs, no longer the
            # other person's (whose reminders must not show here).
            known.delete()
        devices = list(
            PushSubscription.objects.filter(member=member)
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)
        )
        # The oldest beyond the limit are phones long replaced.
        PushSubscription.objects.filter(pk__in=devices[MAX_DEVICES - 1 :]).delete()
        PushSubscription.objects.create(
            member=member,
            endpoint=endpoint,
            p256dh=p256dh,
            auth=auth,
            device=device_label(request.headers.get("User-Agent", ""))[:60],
        )
    messages.success(
        request,
        _(
            "Notifications are on for this phone. Choose “On this phone (notifications)” "
            "for the reminders you want here."
        ),
    )
    return JsonResponse({"subscribed": True}, status=201)


@require_POST
@role_required(Role.MEMBER)
def unsubscribe(request: AuthenticatedHttpRequest) -> JsonResponse:
    member = request.user
    try:
        endpoint = _endpoint(_body(request).get("endpoint"))
    except BadSubscription:
        return _refused(_("This phone's answer could not be used. Nothing was changed."))
    with transaction.atomic():
        PushSubscription.objects.filter(member=member, endpoint=endpoint).delete()
        if not PushSubscription.objects.filter(member=member).exists():
            stop_push_reminders(member)
    messages.success(request, _("Notifications are off for this phone."))
    return JsonResponse({"subscribed": False})


def stop_push_reminders(member: User) -> None:
    """With no device left, no reminder waits on one: each keeps its other ways, and one
    that had only notifications comes in Waypoint instead (set-based, two updates)."""
    mine = ReminderSchedule.objects.filter(member=member, by_push=True)
    mine.filter(~Q(by_email=True), ~Q(by_sms=True)).update(by_push=False, in_app=True)
    mine.update(by_push=False)
