"""Second factors (django-otp): an authenticator app (TOTP) with one-time recovery codes.

Counselors, coordinators and program admins must have one; members may turn one on.
Signing in is two steps: the password (Django's LoginView, throttled by axes), then a
code. Until the code is given, SecondFactorMiddleware lets the session reach nothing but
the second-factor pages, signing out and Get help now.
"""

from __future__ import annotations

import secrets
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

RECOVERY_CODES = 10
# Letters and digits that cannot be misread for one another (no 0/o, 1/l/i).
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
APP_DEVICE = "authenticator app"
RECOVERY_DEVICE = "recovery codes"


def is_staff_role(user: User) -> bool:
    """Counselors, coordinators and program admins: their sessions show other people's
    records, so they must have a second factor and their idle sessions end early."""
    return bool(user.is_staff or user.is_counselor or user.is_coordinator or user.is_superuser)


def requires_second_factor(user: User) -> bool:
    return is_staff_role(user)


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app(user: User) -> TOTPDevice:
    """The authenticator being set up: one unconfirmed device, reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
    return device


def spaced_key(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG (no script, no style attribute, no third party)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", omitsize=False, title=settings.OTP_TOTP_ISSUER
    )


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def renew_recovery_codes(user: User) -> list[str]:
    """A fresh set of recovery codes; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_new_code() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_app(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a first code; its recovery codes, or None if wrong."""
    if not device.verify_token(_digits(code)):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return renew_recovery_codes(device.user)


@transaction.atomic
def remove(user: User) -> None:
    """Turn the second factor off (members only; the view checks)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def verify(user: User, code: str) -> Device | None:
    """The device that accepts `code` (a 6-digit app code or a recovery code), else None.

    Each device throttles itself after failures (django-otp), so guessing gets slower."""
    code = "".join(code.split()).lower()
    # Six digits are an app's code; anything else can only be a recovery code. Trying a code
    # only where it can fit keeps one device's throttle from counting the other's mistakes.
    kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    for device in devices_for_user(user, confirmed=True):
        allowed = isinstance(device, kind) and device.verify_is_allowed()[0]
        if allowed and device.verify_token(code):
            return device
    return None


def remaining_recovery_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
