"""Print a demo staff member's current sign-in code (DEBUG only), for trying `make run`."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.second_factor import APP_DEVICE


class Command(BaseCommand):
    help = "Print the 6-digit code a demo person's authenticator app would show now (DEBUG only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_code only runs with DEBUG on: it reveals sign-in codes.")
        device = TOTPDevice.objects.filter(
            user__email__iexact=options["email"], name=APP_DEVICE, confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"{options['email']} has no authenticator app set up.")
        step = int((time.time() - device.t0) // device.step)
        # Each code works once: after it was used, the next one (which the device accepts).
        drift = max(device.drift, device.last_t + 1 - step)
        code = totp(device.bin_key, device.step, device.t0, device.digits, drift)
        self.stdout.write(f"{code:0{device.digits}d}")
