"""demo_code: the code a demo staff member's app shows, so `make run` can be tried."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.second_factor import verify

pytestmark = pytest.mark.django_db


def test_the_printed_code_signs_demo_staff_in(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    casey = User.objects.get(email="casey@example.org")
    assert TOTPDevice.objects.filter(user=casey, confirmed=True).count() == 1
    out = StringIO()
    call_command("demo_code", "CASEY@example.org", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert verify(casey, code) is not None
    # Each code works once; the command then prints the next one, which works too.
    out = StringIO()
    call_command("demo_code", "casey@example.org", stdout=out)
    assert verify(casey, out.getvalue().strip()) is not None


def test_members_and_demo_admin_as_seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_staff and not admin.is_superuser  # superuser is for operators
    assert admin.has_perm("accounts.change_user")
    assert not TOTPDevice.objects.filter(user__email="alex@example.org").exists()
    with pytest.raises(CommandError, match="no authenticator"):
        call_command("demo_code", "alex@example.org", stdout=StringIO())


def test_it_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_code", "casey@example.org", stdout=StringIO())
