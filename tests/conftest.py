from __future__ import annotations

import os
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY

from accounts import account_events
from accounts.models import Role
from accounts.second_factor import requires_second_factor
from core import person_cache, redis_rest
from plans.models import Plan
from plans.versions import write_plan
from recovery_site.celery import app as celery_app
from tests import personas
from tests.factories import CareAssignmentFactory, ConsentFactory, UserFactory, enrolled_device

# Playwright's sync API keeps an asyncio loop in the main thread for the whole session,
# and Django refuses ORM calls while one runs; this suite has no async code to protect.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True, scope="session")
def _flush_past_the_audit_trigger():
    """Between transactional tests Django empties every table with one TRUNCATE, which the
    audit trail's trigger refuses (accounts 0004). The test harness, like an operator with
    the table's owner role, lifts the trigger for that one statement; the app never does."""
    try:
        from django.db.backends.postgresql.operations import DatabaseOperations
    except ImportError:  # no PostgreSQL driver: SQLite runs, which has no trigger
        yield
        return
    flush = DatabaseOperations.sql_flush
    table, trigger = "accounts_auditevent", "accounts_auditevent_no_truncate"

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = flush(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if table not in tables or not sql:
            return sql
        return [
            f"ALTER TABLE {table} DISABLE TRIGGER {trigger}",
            *sql,
            f"ALTER TABLE {table} ENABLE TRIGGER {trigger}",
        ]

    with mock.patch.object(DatabaseOperations, "sql_flush", sql_flush):
        yield


@pytest.fixture(autouse=True)
def _fast_and_local(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.WAYPOINT_SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _staff_sessions_passed_the_second_step(monkeypatch):
    """`client.force_login` stands for a whole sign-in: for staff that includes the code.

    Production still asks (accounts.middleware.SecondFactorMiddleware); the tests of the
    second step itself (tests/accounts/test_second_factor.py) sign in through the forms.
    """
    original = Client.force_login

    def force_login(self, user, backend=None):
        # A shortcut, not a sign-in: it leaves no "sign_in" audit event behind.
        with account_events.not_recorded():
            original(self, user, backend)
        if requires_second_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = enrolled_device(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _program_language():
    """Each test starts in the program's language. A request in Spanish leaves Spanish active
    in the thread (the language middleware activates a language for each request and never
    puts it back), which the next test, calling code directly, would read."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _eager_celery():
    # Unit tests run tasks in-process; tests/integration starts a real worker instead.
    # A task that raises fails its test: otherwise .delay() hands back a FAILURE result
    # and "nobody was told" would pass because the task crashed.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_eager_propagates = False


@pytest.fixture(autouse=True)
def _redis_not_resting():
    """A test that made Redis fail must not leave the next test's publishes skipped."""
    redis_rest.wake()
    yield
    redis_rest.wake()


@pytest.fixture(autouse=True)
def _forget_kept_people():
    """What core.person_cache kept for one test's people must not reach the next test's,
    who may have the same ids (SQLite reuses them; a new PostgreSQL test database restarts
    them). Only those keys go: the shared Redis also carries the integration tests' broker."""
    yield
    shared = cache._cache if hasattr(cache, "_cache") else None
    if shared is not None and hasattr(shared, "get_client"):
        client = shared.get_client(write=True)
        keys = list(client.scan_iter(match=f"*{person_cache.PREFIX}*"))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture
def broker_unreachable():
    """Point Celery at a port where nothing listens, with no cached connections."""
    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        # Connections made meanwhile must not outlive the fixture in Celery's pools.
        with (
            mock.patch.object(celery_app, "_pool", None),
            mock.patch.object(celery_app.amqp, "_producer_pool", None),
        ):
            yield
    finally:
        celery_app.conf.broker_url = saved


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


@pytest.fixture
def signed_in(client, member):
    """The test client, signed in as the member."""
    client.force_login(member)
    return client


# The gate's personas around `member` (tests/personas.py says who each one is).
@pytest.fixture
def counselor_without_consent(member):
    return personas.counselor_without_consent(member)


@pytest.fixture
def counselor_off_team(member):
    return personas.counselor_off_team(member)


@pytest.fixture
def counselor_link_ended(member):
    return personas.counselor_link_ended(member)


@pytest.fixture
def inactive_counselor(member):
    return personas.inactive_counselor(member)


@pytest.fixture
def coordinator_with_consent(member):
    return personas.coordinator_with_consent(member)


@pytest.fixture
def coordinator_elsewhere(member):
    return personas.coordinator_elsewhere(member)


@pytest.fixture
def program_admin(member):
    return personas.program_admin(member)


@pytest.fixture
def anonymous():
    return personas.anonymous(None)


@pytest.fixture
def plan(member):
    """The member's plan, version 1, with one reason (in progress)."""
    write_plan(member, {"reasons": [{"text": "Being there for Theo"}]}, author=member, finished=[])
    return Plan.objects.get(member=member)
