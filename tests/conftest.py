from __future__ import annotations

import pytest

from accounts.models import Role
from recovery_site.celery import app as celery_app

from .factories import CareAssignmentFactory, ConsentFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_and_local(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.WAYPOINT_SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _eager_celery():
    # Unit tests run tasks in-process; tests/integration starts a real worker instead.
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def member(db):
    return UserFactory(display_name="Alex", role=Role.MEMBER)


@pytest.fixture
def other_member(db):
    return UserFactory(display_name="Sam", role=Role.MEMBER)


@pytest.fixture
def counselor(member):
    """A counselor on the member's care team with consent to every scope."""
    link = CareAssignmentFactory(member=member, counselor__display_name="Casey")
    ConsentFactory(member=member, recipient=link.counselor)
    return link.counselor


@pytest.fixture
def coordinator(member):
    return UserFactory(display_name="Jordan", role=Role.COORDINATOR, program=member.program)
