"""Alerts end to end: a check-in saved on the web, a real worker, an email through real SMTP."""

from __future__ import annotations

import logging
import re
import time
from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import Role, User
from alerts.evaluation import unevaluated_members
from alerts.models import Alert, AlertNotice, AlertStatus, NoticeKind
from alerts.tasks import sweep_unevaluated
from checkins.models import CheckIn
from checkins.progress import local_date
from messaging.models import Channel, Delivery, DeliveryStatus
from tests.checkins.helpers import CALM
from tests.factories import CareAssignmentFactory, CheckInFactory, ConsentFactory, UserFactory
from tests.integration.conftest import (
    SITE_URL,
    RedisServer,
    SmtpServer,
    WorkerProcess,
    celery_app_on,
    new_queue,
    start_worker,
    stop_worker,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

INBOX_LINK = f"{SITE_URL}/alerts/"
# What an email about an alert must never say: it may show on a lock screen or a shared inbox.
HEALTH_WORDS = re.compile(
    r"\b(crav\w*|use|used|using|relapse\w*|drink\w*|drug\w*|mental|physical|emotional)\b",
    re.IGNORECASE,
)


def _member_with_a_counselor(name: str, counselor_email: str) -> tuple[User, User]:
    """A member whose counselor is on the care team and may see alerts, with a craving of 9
    in yesterday's check-in (already evaluated): a second high craving trips a rule."""
    member = UserFactory(display_name=name, role=Role.MEMBER)
    counselor = UserFactory(email=counselor_email, display_name="Casey Rivera", role=Role.COUNSELOR)
    CareAssignmentFactory(member=member, counselor=counselor)
    ConsentFactory(member=member, recipient=counselor, scope_alerts=True)
    CheckInFactory(
        member=member,
        local_date=local_date(member.timezone) - timedelta(days=1),
        craving=9,
        evaluated_at=timezone.now(),
    )
    return member, counselor


def _assert_says_nothing_private(message: EmailMessage, member: User) -> None:
    everything = message.as_string()
    for part in [*member.display_name.split(), member.email]:
        assert part not in everything
    body = message.get_content()
    assert HEALTH_WORDS.findall(body) == []
    assert HEALTH_WORDS.findall(message["Subject"]) == []


def _assert_told_by_email(alert: Alert, counselor: User) -> None:
    notice = AlertNotice.objects.select_related("delivery").get(alert=alert)
    assert notice.kind == NoticeKind.COUNSELOR
    delivery = notice.delivery
    assert (delivery.channel, delivery.address, delivery.to_user) == (
        Channel.EMAIL,
        counselor.email,
        counselor,
    )
    assert (delivery.status, delivery.attempts, delivery.error) == (DeliveryStatus.SENT, 1, "")
    assert delivery.sent_at is not None


def _sent_delivery(counselor: User) -> bool:
    return Delivery.objects.filter(to_user=counselor, status=DeliveryStatus.SENT).exists()


def test_a_risky_check_in_on_the_web_reaches_the_counselor_by_email(
    client, smtp_worker: WorkerProcess, smtp_server: SmtpServer
):
    worker = smtp_worker
    member, counselor = _member_with_a_counselor("Riley Morgan", "casey.rivera@example.org")
    client.force_login(member)

    response = client.post("/checkin/", {**CALM, "craving": "8"})

    assert response.status_code == 302
    assert response["Location"] == "/checkin/response/"
    [message] = smtp_server.wait_for(counselor.email, timeout=30)
    wait_until(
        lambda: _sent_delivery(counselor),
        timeout=10,
        what=lambda: f"the delivery to be recorded as sent; worker log:\n{worker.log_tail()}",
    )

    checkin = CheckIn.objects.get(member=member, local_date=local_date(member.timezone))
    assert checkin.craving == 8
    assert checkin.evaluated_at is not None
    alert = Alert.objects.get(member=member)
    assert (alert.stage, alert.status) == ("mental", AlertStatus.OPEN)
    assert "craving_high" in [s["code"] for s in alert.signals]

    assert message["To"] == counselor.email
    assert message["Subject"] == "A client needs attention"
    body = message.get_content()
    assert INBOX_LINK in body
    _assert_says_nothing_private(message, member)
    [received] = smtp_server.received(counselor.email)
    assert received.rcpt_tos == [counselor.email]
    _assert_told_by_email(alert, counselor)
    assert smtp_server.received(member.email) == []


def test_a_check_in_saved_while_redis_hangs_is_confirmed_within_seconds(
    client, caplog: pytest.LogCaptureFixture, own_redis: RedisServer
):
    """Redis frozen (SIGSTOP): connections open, nothing answers. The socket timeouts
    (settings.REDIS_TIMEOUT_SECONDS) bound every wait, so the member is thanked in seconds
    and /healthz says so, instead of gunicorn killing the request at 30 s."""
    member, _counselor = _member_with_a_counselor("Jamie Fields", "sam.okafor@example.org")
    second, _other = _member_with_a_counselor("Robin Hale", "lee.park@example.org")
    client.force_login(member)
    own_redis.freeze()
    try:
        with (
            caplog.at_level(logging.WARNING, logger="core.enqueue"),
            celery_app_on(own_redis.url, new_queue()),
        ):
            started = time.monotonic()
            response = client.post("/checkin/", {**CALM, "craving": "8"})
            took = time.monotonic() - started
            # The next member in this process is not made to wait again (core.redis_rest).
            client.force_login(second)
            second_started = time.monotonic()
            second_response = client.post("/checkin/", {**CALM, "craving": "7"})
            second_took = time.monotonic() - second_started
            health_started = time.monotonic()
            health = client.get("/healthz")
            health_took = time.monotonic() - health_started
    finally:
        own_redis.thaw()

    assert response.status_code == 302 and response["Location"] == "/checkin/response/"
    assert took < 5, f"the check-in took {took:.1f} s while Redis hung"
    assert CheckIn.objects.get(member=member, local_date=local_date(member.timezone)).craving == 8
    assert "enqueue_failed task=alerts.tasks.evaluate_member" in caplog.text
    assert second_response.status_code == 302
    assert CheckIn.objects.get(member=second, local_date=local_date(second.timezone)).craving == 7
    assert f"enqueue_skipped task=alerts.tasks.evaluate_member args=({second.pk},)" in caplog.text
    assert second_took < settings.REDIS_TIMEOUT_SECONDS, f"the second took {second_took:.1f} s"
    # /healthz asks Redis itself each time, within the same bound.
    assert (health.status_code, health.json()["broker"]) == (503, "down")
    assert health_took < 3 * settings.REDIS_TIMEOUT_SECONDS, f"/healthz took {health_took:.1f} s"


def test_a_check_in_saved_while_the_broker_is_down_is_evaluated_by_the_sweep(
    client,
    caplog: pytest.LogCaptureFixture,
    own_redis: RedisServer,
    smtp_server: SmtpServer,
    tmp_path,
):
    member, counselor = _member_with_a_counselor("Jamie Fields", "sam.okafor@example.org")
    client.force_login(member)
    queue = new_queue()

    own_redis.stop()
    assert not own_redis.answers()
    with (
        caplog.at_level(logging.WARNING, logger="core.enqueue"),
        celery_app_on(own_redis.url, queue),
    ):
        started = time.monotonic()
        response = client.post("/checkin/", {**CALM, "craving": "8"})
        took = time.monotonic() - started

    # The member's check-in is saved and thanked, without a long wait, though the task
    # could not be queued.
    assert response.status_code == 302
    assert took < 10
    assert response["Location"] == "/checkin/response/"
    checkin = CheckIn.objects.get(member=member, local_date=local_date(member.timezone))
    assert checkin.craving == 8
    assert checkin.evaluated_at is None
    assert "enqueue_failed task=alerts.tasks.evaluate_member" in caplog.text
    assert not Alert.objects.filter(member=member).exists()

    own_redis.start()
    # Saved over a minute ago: settled, so the sweep (with its default wait) takes it.
    CheckIn.objects.filter(pk=checkin.pk).update(updated_at=timezone.now() - timedelta(minutes=2))
    assert list(unevaluated_members()) == [member]
    worker = start_worker(
        tmp_path / "worker",
        broker_url=own_redis.url,
        email_settings=smtp_server.worker_settings(),
        queue=queue,
    )
    try:
        with celery_app_on(own_redis.url, queue):
            sweep = sweep_unevaluated.delay()
        # The task returns how many members it evaluated.
        assert worker.wait_for_task(sweep.id).endswith(": 1")
        [message] = smtp_server.wait_for(counselor.email, timeout=30)
        wait_until(
            lambda: _sent_delivery(counselor),
            timeout=10,
            what=lambda: f"the delivery to be recorded as sent; worker log:\n{worker.log_tail()}",
        )
    finally:
        stop_worker(worker)

    checkin.refresh_from_db()
    assert checkin.evaluated_at is not None
    assert list(unevaluated_members()) == []
    alert = Alert.objects.get(member=member)
    assert (alert.stage, alert.status) == ("mental", AlertStatus.OPEN)
    assert message["Subject"] == "A client needs attention"
    assert INBOX_LINK in message.get_content()
    _assert_says_nothing_private(message, member)
    _assert_told_by_email(alert, counselor)
