"""The one way a message goes out: record a Delivery, then `send(delivery_id)`.

    delivery = record(Purpose.ALERT_CONTACT, Channel.SMS, "+12025550143", text, about=member)
    outcome = send(delivery.pk)

`send` claims the row with a conditional UPDATE (pending -> sending), asks the purpose's
owner whether it is still wanted (a hook: reminders skip a member who checked in
meanwhile), hands it to the channel's transport and records what happened. Every
exception a transport raises ends as a recorded outcome, never as a row left `sending`:
TransportError(permanent=True) fails it for good, a passing one is tried again later
(per the purpose's policy), anything unexpected fails it with the exception's class name.

A periodic sweep (`sweep`) hands over pending rows that are due (never handed over
because the broker was down, or waiting for a retry) and settles rows left `sending` by
a worker that died mid-send: resent if the purpose is at-least-once, failed if it is
at-most-once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from messaging.models import Delivery, DeliveryStatus, Purpose
from messaging.transports import TransportError, transport_for

log = logging.getLogger(__name__)

# A fresh row nobody sent within this long is handed over by the sweep.
SETTLE = timedelta(minutes=2)
# Longer than any send task may run (their time limits are at most 5 minutes): a row still
# `sending` after this was left by a worker that died.
SENDING_GRACE = timedelta(minutes=15)


@dataclass(frozen=True)
class Policy:
    """How hard to try one purpose's messages.

    at_most_once: a row whose outcome is unknown (the worker died while sending) is never
    resent; otherwise it is, and the person may get it twice rather than not at all.
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
}


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


def record(
    purpose: str,
    channel: str,
    address: str,
    text: str,
    *,
    to_user: User | None = None,
    about: User | None = None,
) -> Delivery:
    """Write the message down (pending); nothing is sent until `send`."""
    now = timezone.now()
    return Delivery.objects.create(
        purpose=purpose,
        channel=channel,
        address=address,
        text=text,
        to_user=to_user,
        about=about,
        created_at=now,
        next_attempt_at=now + SETTLE,
    )


def send(delivery_id: int) -> Outcome:
    """Send one recorded delivery, at most once per claim; record how it went."""
    now = timezone.now()
    if not Delivery.objects.claim(delivery_id, now):
        return Outcome.NOT_CLAIMED
    try:
        return _send_claimed(delivery_id, now)
    except SoftTimeLimitExceeded:
        # The task ran out of time mid-batch: this row goes back for the sweep, and the
        # task stops here rather than being killed with rows left `sending`.
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


def _send_claimed(delivery_id: int, now: datetime) -> Outcome:
    delivery = Delivery.objects.get(pk=delivery_id)
    check = _checks.get(delivery.purpose)
    if check is not None and not check(delivery):
        Delivery.objects.mark_skipped(delivery_id)
        return Outcome.SKIPPED
    policy = POLICY[delivery.purpose]
    compose = _composers.get(delivery.purpose)
    text = compose(delivery) if compose is not None else delivery.text
    if text is None:
        Delivery.objects.mark_skipped(delivery_id)
        return Outcome.SKIPPED
    try:
        provider_id = transport_for(delivery.channel).send(delivery.address, policy.subject(), text)
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
    Delivery.objects.mark_sent(delivery_id, provider_id, timezone.now())
    log.info(
        "delivery_sent id=%s channel=%s purpose=%s", delivery_id, delivery.channel, delivery.purpose
    )
    return Outcome.SENT


def record_and_send(
    purpose: str,
    channel: str,
    address: str,
    text: str,
    *,
    to_user: User | None = None,
    about: User | None = None,
) -> tuple[Delivery, Outcome]:
    delivery = record(purpose, channel, address, text, to_user=to_user, about=about)
    return delivery, send(delivery.pk)


def settle_stuck(now: datetime) -> int:
    """Rows left `sending` past the grace period, of every purpose, per their policy."""
    before = now - SENDING_GRACE
    resent = 0
    for purpose, policy in POLICY.items():
        if not policy.at_most_once:
            resent += Delivery.objects.settle_stuck(
                before, now, resend=True, purposes=[purpose], attempts=policy.attempts
            )
    # What is left stuck is at most once, or out of attempts: failed, never resent.
    failed = Delivery.objects.settle_stuck(before, now, resend=False, purposes=list(POLICY))
    if failed or resent:
        log.warning("deliveries_settled failed=%s resent=%s", failed, resent)
    return failed + resent


def due(now: datetime, limit: int = 10000) -> list[int]:
    """Pending rows whose time has come: never handed over, or waiting for their retry."""
    return list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
