"""A test client signed in as a staff member whose second factor was given at sign-in.

Staff pages ask for the second factor (accounts/second_factor.py); a bench that measured
the redirect to it would measure nothing. The device is made if the person has none.
"""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


def staff_client(person: User) -> Client:
    device, _ = TOTPDevice.objects.get_or_create(
        user=person, defaults={"name": "authenticator app", "confirmed": True}
    )
    client = Client()
    client.force_login(person)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
