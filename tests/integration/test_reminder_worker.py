"""Reminders end to end: at most one email per slot, through a real worker and real SMTP,
however often the task is handed over or redelivered."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg2
import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Role, User
from messaging.models import Channel, Delivery, DeliveryStatus
from messaging.tasks import send_deliveries
from reminders import dispatch as reminders
from reminders.models import ReminderDelivery
from tests.factories import UserFactory
from tests.integration.conftest import (
    SITE_URL,
    RedisServer,
    SmtpServer,
    WorkerProcess,
    celery_app_on,
    kill_worker,
    new_queue,
    start_worker,
    stop_worker,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SUBJECT = "Time for your check-in"
CHECKIN_LINK = f"{SITE_URL}/checkin/"
# A restarted worker takes back a message left unacknowledged for this long (seconds).
VISIBILITY_TIMEOUT = 2


def _member_due_at(email: str, minute: datetime) -> User:
    """A new member whose own reminder (every member gets one) is set to `minute`."""
    member = UserFactory(email=email, role=Role.MEMBER, timezone="America/Chicago")
    schedule = member.reminder_schedules.get()
    schedule.local_time = minute.astimezone(ZoneInfo(member.timezone)).time()
    schedule.save(update_fields=["local_time"])
    # Set up before the minute it is due (a slot that passed before its schedule is skipped).
    type(schedule).objects.filter(pk=schedule.pk).update(updated_at=minute - timedelta(hours=1))
    return member


def _email_slot(member: User) -> ReminderDelivery:
    return ReminderDelivery.objects.get(member=member, channel=Channel.EMAIL)


def _assert_sent_once(member: User, smtp_server: SmtpServer) -> None:
    [message] = smtp_server.messages(to=member.email)
    assert message["To"] == member.email
    assert message["Subject"] == SUBJECT
    assert CHECKIN_LINK in message.get_content()
    slot = _email_slot(member)
    assert (slot.status, slot.attempts, slot.error) == (DeliveryStatus.SENT, 1, "")
    assert slot.sent_at is not None


def test_the_same_minute_dispatched_twice_sends_one_email(
    smtp_worker: WorkerProcess, smtp_server: SmtpServer
):
    worker = smtp_worker
    now = timezone.now().replace(second=0, microsecond=0)
    member = _member_due_at("robin.reminder@example.org", now)

    first = reminders.dispatch(now - timedelta(minutes=1), now)
    again = reminders.dispatch(now - timedelta(minutes=1), now)

    slot = _email_slot(member)
    # Both ticks hand over the same pending email slot; the in-app one shows at once.
    assert first.to_send == again.to_send == [slot.pk]
    slots = ReminderDelivery.objects.filter(member=member)
    assert dict(slots.values_list("channel", "delivery__status")) == {
        Channel.EMAIL: DeliveryStatus.PENDING,
        Channel.APP: DeliveryStatus.SENT,
    }
    one = send_deliveries.delay(first.to_send)
    two = send_deliveries.delay(again.to_send)

    # Each task logs how many reminders it sent.
    assert worker.wait_for_task(one.id).endswith(": 1")
    assert worker.wait_for_task(two.id).endswith(": 0")
    smtp_server.wait_for(member.email)
    _assert_sent_once(member, smtp_server)


def test_a_task_message_delivered_twice_sends_one_email(
    smtp_worker: WorkerProcess, smtp_server: SmtpServer
):
    worker = smtp_worker
    now = timezone.now().replace(second=0, microsecond=0)
    member = _member_due_at("kai.redelivered@example.org", now)
    tick = reminders.dispatch(now - timedelta(minutes=1), now)
    assert tick.to_send == [_email_slot(member).pk]

    # A broker redelivers a message whose ack was lost: the same task id, the same arguments.
    task_id = str(uuid.uuid4())
    send_deliveries.apply_async((tick.to_send,), task_id=task_id)
    send_deliveries.apply_async((tick.to_send,), task_id=task_id)

    worker.wait_for_task(task_id, times=2)
    assert [line.rsplit(": ", 1)[1] for line in worker.task_endings(task_id)] == ["1", "0"]
    smtp_server.wait_for(member.email)
    _assert_sent_once(member, smtp_server)


def _blocked_by(backend_pid: int) -> list[int]:
    """Database sessions waiting for a lock that session `backend_pid` holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))",
            [backend_pid],
        )
        return [pid for (pid,) in cursor.fetchall()]


def _terminate(pids: list[int]) -> None:
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_worker_killed_mid_batch_leaves_no_reminder_twice_or_unsent(
    own_redis: RedisServer, smtp_server: SmtpServer, tmp_path
):
    now = timezone.now().replace(second=0, microsecond=0)
    ava = _member_due_at("ava.first@example.org", now)
    ben = _member_due_at("ben.second@example.org", now)
    tick = reminders.dispatch(now - timedelta(minutes=1), now)
    first, second = _email_slot(ava).pk, _email_slot(ben).pk
    assert sorted(tick.to_send) == sorted([first, second])
    queue = new_queue()
    email_settings = smtp_server.worker_settings()
    worker = start_worker(
        tmp_path / "worker", broker_url=own_redis.url, email_settings=email_settings, queue=queue
    )
    holder = None
    try:
        # Someone else holds Ben's row: the worker sends Ava's reminder, then waits on his.
        holder = psycopg2.connect(**connection.get_connection_params())
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (holder_pid,) = cursor.fetchone()
            cursor.execute(
                f"SELECT id FROM {Delivery._meta.db_table} WHERE id = %s FOR UPDATE",  # noqa: S608
                [second],
            )
        with celery_app_on(own_redis.url, queue):
            task = send_deliveries.delay([first, second])
        waiting = wait_until(
            lambda: worker.check_alive() or _blocked_by(holder_pid),
            timeout=20,
            what=lambda: f"the worker to reach the second reminder; its log:\n{worker.log_tail()}",
        )
        smtp_server.wait_for(ava.email)

        # The worker dies after sending one reminder and before acknowledging the message.
        kill_worker(worker)
        _terminate(waiting)  # its database session, still waiting for the lock
        wait_until(
            lambda: not _blocked_by(holder_pid),
            timeout=10,
            what="the killed worker's database session to end",
        )
    finally:
        if holder is not None:
            holder.rollback()
            holder.close()
        stop_worker(worker)

    assert f"Task messaging.tasks.send_deliveries[{task.id}] received" in worker.log()
    assert worker.task_endings(task.id) == []
    assert _email_slot(ava).status == DeliveryStatus.SENT
    assert (_email_slot(ben).status, _email_slot(ben).attempts) == (DeliveryStatus.PENDING, 0)
    assert smtp_server.received(ben.email) == []

    # A new worker: the broker hands the unacknowledged message over again.
    restarted = start_worker(
        tmp_path / "restarted",
        broker_url=own_redis.url,
        email_settings=email_settings,
        queue=queue,
        purge=False,
        broker_options={
            "visibility_timeout": VISIBILITY_TIMEOUT,
            "unacked_restore_interval": 1,
            "unacked_restore_throttle": 1,
        },
    )
    try:
        # This time the batch sends one: Ben's. Ava's was sent already.
        assert restarted.wait_for_task(task.id, timeout=30).endswith(": 1")
        smtp_server.wait_for(ben.email)
    finally:
        stop_worker(restarted)

    _assert_sent_once(ava, smtp_server)
    _assert_sent_once(ben, smtp_server)
