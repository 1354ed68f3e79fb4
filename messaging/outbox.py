"""The one way a message goes out: record a Delivery, then `send(delivery_id)`.

    delivery = record(Purpose.ALERT_CONTACT, Channel.SMS, "+12025550143", text, about=member)
    outcome = send(delivery.pk)

`send` claims the row with a conditional UPDATE (pending -> sending), asks the purpose's
owner whether it is still wanted (a hook: reminders skip a member who checked in
meanwhile), hands it to the channel's transport and records what happened. Every
exception a transport raises ends as a recorded outcome, never as a row left `sending`:
TransportError(permanent=True) fails it for good, a passing one is tried again later
(per the purpose's policy), anything unexpected fails it with the exception's class name.

A claim is a lease of LEASE. A row still `sending` after it was left by a worker that
died mid-send, or that sent and then could not record it (the database failed): whether it
went out is unknown. The periodic sweep (messaging.tasks.sweep_outbox, every minute)
settles it per the purpose's policy: resent if the purpose is at least once, or if its
channel recognises a repeat (transports.repeats_recognised); otherwise recorded `unknown`,
"may not have been sent", never as sent. Every try carries the same key (`delivery_key`),
so a repeat is recognisably the same message. The sweep also hands over pending rows that
are due (never handed over because the broker was down, or waiting for a retry).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Min, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.language import language_of, speaks
from accounts.models import User
from messaging.models import (
    INTERRUPTED,
    Channel,
    Delivery,
    DeliveryStatus,
    Purpose,
    opted_out,
)
from messaging.transports import TransportError, repeats_recognised, transport_for

log = logging.getLogger(__name__)

# A fresh row nobody sent within this long is handed over by the sweep (its task was never
# published, or died with a killed worker). Handing over a row whose task is merely queued
# behind others costs a second task that finds it claimed, never a second message.
SETTLE = timedelta(seconds=60)
# How long a claim holds: far longer than one send can take (every wait on the mail server
# or gateway ends within 5 seconds: settings.EMAIL_TIMEOUT, transports.SEND_TIMEOUT, and
# recording it within RECORD_WAITS), so a row still `sending` after this was left by a
# worker that died or could not record it. Each row's lease starts at its own claim,
# however long its batch's task runs. One sweep period: a message cut off mid-send is
# settled within two minutes.
LEASE = timedelta(seconds=60)
# After a send, recording it is tried again after these waits (seconds) when the database
# failed: a restart or a failover is over within them, and the row is recorded sent rather
# than left for the sweep's guess.
RECORD_WAITS = (1.0, 2.0, 4.0)


@dataclass(frozen=True)
class Policy:
    """How hard to try one purpose's messages.

    at_most_once: a row whose outcome is unknown (the worker died while sending) is never
    resent, unless its channel recognises a repeat; it is recorded "may not have been sent".
    Otherwise it is resent, and the person may get it twice rather than not at all.
    attempts: tries in all after passing faults; retry n waits backoff * 2**(n-1).
    """

    at_most_once: bool
    attempts: int
    backoff: timedelta = timedelta(minutes=1)
    subject: Callable[[], str] = lambda: settings.WAYPOINT_PROGRAM_NAME


def _from_program() -> str:
    return _("A message from %(program)s") % {"program": settings.WAYPOINT_PROGRAM_NAME}


# One table for every purpose. Subjects are fixed words: nothing a person wrote (a name, an
# approved message) ever becomes an email header.
POLICY: dict[str, Policy] = {
    # A second reminder is noise, and a late one has lost its value.
    Purpose.REMINDER: Policy(True, 5, subject=lambda: _("Time for your check-in")),
    # Counselors would rather hear twice than miss an alert.
    Purpose.ALERT_COUNSELOR: Policy(False, 5, subject=lambda: _("A client needs attention")),
    Purpose.ALERT_ESCALATION: Policy(
        False, 5, subject=lambda: _("An alert is waiting for a reply")
    ),
    Purpose.TELL_COUNSELOR: Policy(
        False, 5, subject=lambda: _("A client would like to hear from you")
    ),
    # A member's family or peer must not get the same worried message twice.
    Purpose.ALERT_CONTACT: Policy(True, 5, subject=_from_program),
    Purpose.ALERT_PEER: Policy(True, 5, subject=_from_program),
    # The coordinator sends it again if it failed; nothing retries it by itself.
    Purpose.DRIFT_INVITE: Policy(True, 1, subject=lambda: _("We'd love to see you")),
    Purpose.DRIFT_DIGEST: Policy(True, 3, subject=lambda: _("Alumni who may be drifting away")),
    # Neither names the level of care or anything else about the member's health: the
    # request and the recommendation are read in Waypoint, behind the access gate.
    Purpose.CARE_REQUEST: Policy(False, 5, subject=lambda: _("A client sent you a request")),
    # The member also finds it on Today, so a second copy would only be noise.
    Purpose.CARE_NOTE: Policy(
        True, 5, subject=lambda: _("Your care team left you a note in Waypoint")
    ),
    # A second link does no harm; no link locks the person out.
    Purpose.PASSWORD_LINK: Policy(False, 3, subject=lambda: _("Choose a new Waypoint password")),
    # The sweep of unsent invitations tries again; a second link would end the first.
    Purpose.INVITATION: Policy(True, 5, subject=lambda: _("Your Waypoint invitation")),
    # Texts only (texting/): a question asked twice is noise, and a late one confuses.
    Purpose.TEXT_REPLY: Policy(True, 3),
    Purpose.TEXT_KEYWORD: Policy(True, 3),
}

# STOP ends every text to that number but the answers to its keywords, as carriers
# require: the one confirmation of STOP, and HELP answered whenever it is asked.
SENT_AFTER_STOP = frozenset({Purpose.TEXT_KEYWORD})
STOPPED = "this number replied STOP"


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # a passing fault: pending again, the sweep hands it over when due
    FAILED = "failed"
    SKIPPED = "skipped"  # its owner said it is no longer wanted
    NOT_CLAIMED = "not_claimed"  # not pending: sent, being sent or settled by someone else


# Per purpose, a check run after the claim: True sends it, False skips it. Registered by
# the app that owns the purpose's rules (reminders.apps), since messaging cannot import it.
Check = Callable[[Delivery], bool]
_checks: dict[str, Check] = {}


def before_send(purpose: str, check: Check) -> None:
    _checks[purpose] = check


# Per purpose, the text to send, made at the moment of sending (None: no longer wanted).
# For messages that carry a secret (a sign-in link): the stored text says what it was, the
# secret itself exists only in the email, never in the database or a log.
Compose = Callable[[Delivery], str | None]
_composers: dict[str, Compose] = {}


def compose_with(purpose: str, compose: Compose) -> None:
    _composers[purpose] = compose


# Per purpose, an email subject that depends on the message (fixed words still: never a
# name or what someone wrote). A reminder says "check-in" or "check-up" (reminders.apps).
Subject = Callable[[Delivery], str]
_subjects: dict[str, Subject] = {}


def subject_with(purpose: str, subject: Subject) -> None:
    _subjects[purpose] = subject


def _subject(delivery: Delivery, policy: Policy) -> str:
    chosen = _subjects.get(delivery.purpose)
    return chosen(delivery) if chosen is not None else policy.subject()


# Per purpose, what its owner does once a delivery is recorded sent (alerts stamp "people
# told" at once, not at the next sweep after a resend). Registered like the checks above.
Sent = Callable[[int], None]
_on_sent: dict[str, Sent] = {}


def after_sent(purpose: str, callback: Sent) -> None:
    _on_sent[purpose] = callback


def _tell_owner(purpose: str, delivery_id: int) -> None:
    callback = _on_sent.get(purpose)
    if callback is None:
        return
    try:
        callback(delivery_id)
    except DatabaseError as exc:
        # It went out and is recorded so; the owner's own sweep catches up.
        log.warning("after_sent_failed id=%s error=%s", delivery_id, exc.__class__.__name__)


# A message's words: written already, or a function that writes them in the language the
# message is recorded in (the recipient's), for callers that compose in a worker.
Words = str | Callable[[], str]


def record(
    purpose: str,
    channel: str,
    address: str,
    text: Words,
    *,
    to_user: User | None = None,
    about: User | None = None,
    language: str = "",
) -> Delivery:
    """Write the message down (pending); nothing is sent until `send`.

    `language`: what the message is written in (a `text` given as a function is written
    now in it; the subject at sending); by default the recipient's, or for an address that
    is nobody's account the language active now (the caller's).
    """
    now = timezone.now()
    if not language:
        language = language_of(to_user) if to_user else speaks(translation.get_language() or "")
    if callable(text):
        with translation.override(language):
            text = text()
    return Delivery.objects.create(
        purpose=purpose,
        channel=channel,
        address=address,
        text=text,
        language=language,
        to_user=to_user,
        about=about,
        created_at=now,
        next_attempt_at=now + SETTLE,
    )


def delivery_key(delivery_id: int) -> str:
    """The same on every try of one delivery: its email's Message-ID, its text's
    Idempotency-Key. Only the row's number: nothing about anyone."""
    return f"waypoint-delivery-{delivery_id}"


class SentNotRecorded(Exception):
    """The transport sent it, then recording that failed (the database went away): the row
    stays `sending` until its lease runs out and the sweep settles it."""


def send(delivery_id: int) -> Outcome:
    """Send one recorded delivery, at most once per claim; record how it went."""
    now = timezone.now()
    if not Delivery.objects.claim(delivery_id, now):
        return Outcome.NOT_CLAIMED
    try:
        return _send_claimed(delivery_id, now)
    except SentNotRecorded:
        raise  # nothing more to write to a database that just failed; the lease settles it
    except SoftTimeLimitExceeded:
        # The task ran out of time mid-batch, before this row reached its transport: it
        # goes back for the sweep, and the task stops rather than being killed.
        Delivery.objects.mark_retry(delivery_id, "SoftTimeLimitExceeded", now)
        raise
    except Exception as exc:
        # The class name only: an exception's message may carry an address or a text.
        name = exc.__class__.__name__
        log.error("delivery_crashed id=%s error=%s", delivery_id, name)
        delivery = Delivery.objects.only("purpose", "attempts").get(pk=delivery_id)
        policy = POLICY[delivery.purpose]
        if not policy.at_most_once and delivery.attempts < policy.attempts:
            # Those who must hear (counselors) are tried again; a bug that persists ends
            # as failed when the attempts run out.
            Delivery.objects.mark_retry(delivery_id, name, now + policy.backoff)
            return Outcome.RETRY
        Delivery.objects.mark_failed(delivery_id, name, permanent=False)
        return Outcome.FAILED


def _may_resend(delivery: Delivery) -> bool:
    """Whether a try whose outcome is unknown may be made again (attempts permitting)."""
    return not POLICY[delivery.purpose].at_most_once or repeats_recognised(delivery.channel)


def _send_claimed(delivery_id: int, now: datetime) -> Outcome:
    delivery = Delivery.objects.get(pk=delivery_id)
    if (
        delivery.channel == Channel.SMS
        and delivery.purpose not in SENT_AFTER_STOP
        and opted_out(delivery.address)
    ):
        # Checked here, the one place every text passes, at the moment of sending.
        Delivery.objects.mark_failed(delivery_id, STOPPED, permanent=True)
        return Outcome.FAILED
    check = _checks.get(delivery.purpose)
    if check is not None and not check(delivery):
        Delivery.objects.mark_skipped(delivery_id)
        return Outcome.SKIPPED
    policy = POLICY[delivery.purpose]
    # A worker speaks no language of its own: the words made now are the recipient's.
    with translation.override(delivery.language):
        compose = _composers.get(delivery.purpose)
        text = compose(delivery) if compose is not None else delivery.text
        subject = _subject(delivery, policy)
    if text is None:
        Delivery.objects.mark_skipped(delivery_id)
        return Outcome.SKIPPED
    transport = transport_for(delivery.channel)
    try:
        provider_id = transport.send(delivery.address, subject, text, delivery_key(delivery_id))
    except SoftTimeLimitExceeded:
        # Stopped inside the transport: it may have gone out.
        if _may_resend(delivery):
            Delivery.objects.mark_retry(delivery_id, INTERRUPTED, now)
        else:
            Delivery.objects.mark_unknown(delivery_id, INTERRUPTED)
        raise
    except TransportError as exc:
        if exc.permanent or delivery.attempts >= policy.attempts:
            Delivery.objects.mark_failed(delivery_id, str(exc), permanent=exc.permanent)
            log.warning(
                "delivery_failed id=%s channel=%s permanent=%s",
                delivery_id,
                delivery.channel,
                exc.permanent,
            )
            return Outcome.FAILED
        wait = policy.backoff * 2 ** (delivery.attempts - 1)
        Delivery.objects.mark_retry(delivery_id, str(exc), now + wait)
        log.info("delivery_retry id=%s attempts=%s", delivery_id, delivery.attempts)
        return Outcome.RETRY
    try:
        _record_sent(delivery_id, provider_id)
    except (DatabaseError, SoftTimeLimitExceeded) as exc:
        # It went out, and no failure or retry may be recorded over that: the row stays
        # `sending`, and when its lease runs out the sweep resends it under the same key
        # (at least once, or a channel that recognises a repeat) or records "may not have
        # been sent" (at most once) - never that it was not sent.
        log.error("delivery_sent_not_recorded id=%s error=%s", delivery_id, exc.__class__.__name__)
        raise SentNotRecorded(delivery_id) from exc
    log.info(
        "delivery_sent id=%s channel=%s purpose=%s", delivery_id, delivery.channel, delivery.purpose
    )
    _tell_owner(delivery.purpose, delivery_id)
    return Outcome.SENT


def _record_sent(delivery_id: int, provider_id: str) -> None:
    """mark_sent, tried again on a fresh connection while the database comes back."""
    for wait in (*RECORD_WAITS, None):
        try:
            Delivery.objects.mark_sent(delivery_id, provider_id, timezone.now())
            return
        except DatabaseError:
            # Inside a transaction the failed one cannot be left: the caller's lease
            # settles it. Otherwise the dead connection is dropped and a new one opened.
            if wait is None or connection.in_atomic_block:
                raise
            connection.close()
            time.sleep(wait)


def record_and_send(
    purpose: str,
    channel: str,
    address: str,
    text: Words,
    *,
    to_user: User | None = None,
    about: User | None = None,
    language: str = "",
) -> tuple[Delivery, Outcome]:
    delivery = record(
        purpose, channel, address, text, to_user=to_user, about=about, language=language
    )
    return delivery, send(delivery.pk)


def settle_stuck(now: datetime) -> int:
    """Rows whose lease ran out while `sending`, of every purpose, per their policy."""
    before = now - LEASE
    safe = [channel for channel in Channel if repeats_recognised(channel)]
    resent = 0
    for purpose, policy in POLICY.items():
        # At most once: resent only where a repeat reaches the person at most once.
        channels = safe if policy.at_most_once else None
        resent += Delivery.objects.settle_stuck(
            before,
            now,
            resend=True,
            purposes=[purpose],
            channels=channels,
            attempts=policy.attempts,
        )
    # What is left is at most once, or out of attempts: "may not have been sent".
    unknown = Delivery.objects.settle_stuck(before, now, resend=False, purposes=list(POLICY))
    if unknown or resent:
        log.warning("deliveries_settled unknown=%s resent=%s", unknown, resent)
    return unknown + resent


def _due(now: datetime) -> QuerySet[Delivery]:
    """Pending rows whose time has come: never handed over, or waiting for their retry."""
    return Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)


def due(now: datetime, limit: int = 10000) -> list[int]:
    return list(_due(now).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


# The sweep hands due rows over every minute; three missed sweeps mean sending has stopped
# (/healthz/deep reports it late). A retry waiting for its time is not due, so not late.
DUE_LATE_AFTER = timedelta(minutes=3)


def oldest_due() -> datetime | None:
    """Since when the longest-waiting due row has been due."""
    return _due(timezone.now()).aggregate(at=Min("next_attempt_at"))["at"]
