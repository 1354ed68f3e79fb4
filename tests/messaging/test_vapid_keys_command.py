"""manage.py vapid_keys: a fresh pair each time, one that signs a push the key verifies."""

from __future__ import annotations

import io

from django.core.management import call_command
from py_vapid import Vapid


def _pair() -> dict[str, str]:
    out = io.StringIO()
    call_command("vapid_keys", stdout=out)
    return dict(line.split("=", 1) for line in out.getvalue().splitlines())


def test_it_prints_a_new_pair_that_signs_and_verifies():
    pair = _pair()
    assert set(pair) == {"WAYPOINT_VAPID_PUBLIC_KEY", "WAYPOINT_VAPID_PRIVATE_KEY"}
    assert (
        len(pair["WAYPOINT_VAPID_PUBLIC_KEY"]) == 87
        and len(pair["WAYPOINT_VAPID_PRIVATE_KEY"]) == 43
    )
    signer = Vapid.from_string(pair["WAYPOINT_VAPID_PRIVATE_KEY"])
    headers = signer.sign({"sub": "mailto:team@example.org", "aud": "https://push.example.net"})
    assert Vapid.verify(headers["Authorization"])
    assert f"k={pair['WAYPOINT_VAPID_PUBLIC_KEY']}" in headers["Authorization"]
    assert _pair() != pair
