"""Telling people about an alert: the care team, chosen supporters, and on-call counselors.

Every message is written down before it is sent (a Delivery in the outbox, plus an
AlertNotice saying which alert it was for), under a lock, so a retried task resumes what
is unsent instead of sending twice; the outbox retries passing faults by itself. The texts carry no health details: counselors read the alert itself
behind the access gate; a support contact gets only the words the member approved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import counselors_who_see
from accounts.language import speaking
from accounts.models import Role, Scope, User
from alerts.models import Alert, AlertNotice, AlertStatus, NoticeKind
from alerts.rules import SELF_HARM
from alumni.network import active_peer
from contacts.models import ContactDelivery, SupportContact
from core.repeat import CARE_TEAM_REPEAT, SUPPORTER_REPEAT
from core.stages import Stage
from messaging import outbox
from messaging.models import Channel, Delivery, DeliveryStatus, Purpose
from messaging.transports import sms_enabled

log = logging.getLogger(__name__)

SUPPORTER_STAGES = (Stage.MENTAL, Stage.PHYSICAL)
PURPOSE: dict[str, str] = {
    NoticeKind.COUNSELOR: Purpose.ALERT_COUNSELOR,
    NoticeKind.CONTACT: Purpose.ALERT_CONTACT,
    NoticeKind.PEER: Purpose.ALERT_PEER,
    NoticeKind.ESCALATION: Purpose.ALERT_ESCALATION,
}


@dataclass(frozen=True)
class Message:
    """What one person gets; an email's subject is fixed per purpose (messaging.outbox)."""

    channel: str
    address: str
    text: str


def _inbox_link() -> str:
    return settings.WAYPOINT_SITE_URL + reverse("alert_inbox")


def first_name(member: User) -> str:
    return (member.display_name or "").split(" ")[0] or _("Someone you support")


def supporter_text(member: User) -> str:
    return _("%(name)s could use a call from you today.") % {"name": first_name(member)}


def _record(
    alert: Alert,
    kind: str,
    message: Message,
    *,
    to_user: User | None = None,
    contact: SupportContact | None = None,
    seen: bool = False,
) -> Delivery:
    delivery = outbox.record(
        PURPOSE[kind],
        message.channel,
        message.address,
        message.text,
        to_user=to_user,
        about=alert.member,
    )
    if contact is not None:
        ContactDelivery.objects.create(delivery=delivery, contact=contact)
    AlertNotice.objects.create(
        alert=alert,
        kind=kind,
        delivery=delivery,
        seen_by_member_at=timezone.now() if seen else None,
    )
    return delivery


def _unsent(alert: Alert, kind: str) -> list[int]:
    """Notices of this kind recorded earlier and never tried (a retried task resumes them;
    the outbox's sweep owns the retries of ones that were tried)."""
    return list(
        Delivery.objects.filter(
            alert_notice__alert=alert,
            alert_notice__kind=kind,
            status=DeliveryStatus.PENDING,
            attempts=0,
        ).values_list("pk", flat=True)
    )


def _send_all(delivery_ids: list[int]) -> int:
    """Send each through the outbox, which claims it first: two tasks for the same alert
    (a double tap, a retry that overlaps a new task) never send the same message twice."""
    return sum(outbox.send(pk) == outbox.Outcome.SENT for pk in delivery_ids)


def _told_recently(deliveries: QuerySet[Delivery], alert: Alert, now: datetime) -> bool:
    """Told in the last 24 hours; a failed try counts only for the alert it was for."""
    recent = deliveries.filter(SUPPORTER_REPEAT.recent(now=now))
    return recent.filter(~Q(status=DeliveryStatus.FAILED) | Q(alert_notice__alert=alert)).exists()


def heard_today(member: User) -> tuple[set[int], set[int]]:
    """Contacts and peers (user ids) who had a message about the member within the daily
    limit, as the member's choice screen shows them; one query."""
    rows = (
        Delivery.objects.filter(
            SUPPORTER_REPEAT.recent(),
            about=member,
            purpose__in=[PURPOSE[NoticeKind.CONTACT], PURPOSE[NoticeKind.PEER]],
        )
        .exclude(status=DeliveryStatus.FAILED)
        .values_list("purpose", "contact_link__contact_id", "to_user_id")
    )
    contacts: set[int] = set()
    peers: set[int] = set()
    for purpose, contact_id, user_id in rows:
        if purpose == PURPOSE[NoticeKind.CONTACT] and contact_id is not None:
            contacts.add(contact_id)
        elif purpose == PURPOSE[NoticeKind.PEER] and user_id is not None:
            peers.add(user_id)
    return contacts, peers


# --- Urgent texts -------------------------------------------------------------------------


def is_urgent(alert: Alert) -> bool:
    """A return to use or thoughts of self-harm: staff hear by text too, not only email,
    which nobody reads at 2 a.m."""
    return alert.stage == Stage.PHYSICAL or has_self_harm(alert)


def _urgent_text() -> str:
    # Content-free like the email: who and why are behind the access gate.
    return _("Waypoint: a client needs attention now. Open your alerts: %(link)s") % {
        "link": _inbox_link()
    }


def _record_urgent_text(
    alert: Alert, kind: str, counselor: User, now: datetime, *, any_hour: bool = False
) -> None:
    """A text beside the email to a counselor who gave an urgent number, within the hours
    they take them (any hour for on-call, who agreed to be reached), when the alert is
    urgent and this deployment can send texts."""
    if not (settings.WAYPOINT_URGENT_TEXTS and is_urgent(alert) and sms_enabled()):
        return
    number = counselor.urgent_phone if any_hour else counselor.urgent_text_number(now)
    if number:
        with speaking(counselor):
            text = _urgent_text()
        _record(alert, kind, Message(Channel.SMS, number, text), to_user=counselor)


# --- The care team ------------------------------------------------------------------------


@dataclass(frozen=True)
class CareTeamNews:
    """What telling the care team about an alert came to, for the page that promises it."""

    recorded: int  # emails recorded just now (sent by the notify task)
    told_at: datetime | None  # when they were last told about this alert, None: never
    can_see: bool  # some counselor may see the member's alerts at all


def _care_team_text() -> str:
    return _(
        "A client on your caseload needs attention in Waypoint.\n\nOpen your alerts: %(link)s"
    ) % {"link": _inbox_link()}


def record_for_care_team(alert: Alert) -> CareTeamNews:
    """Record an email (and for an urgent alert a text, _record_urgent_text) to each
    counselor who may see the alert, unless they heard about it
    within the repeat window since they last looked (acknowledged). The one decision about
    telling the care team: the task sends what it records, and a page that promises the
    counselor will know reads it. Call inside a transaction, with the alert row locked.

    News that the window held back stays waiting (Alert.news_at) for the sweep.
    """
    now = timezone.now()
    since_looked = Q(CARE_TEAM_REPEAT.recent(now=now))
    if alert.acknowledged_at is not None:
        since_looked &= Q(created_at__gt=alert.acknowledged_at)
    earlier = dict(
        AlertNotice.objects.filter(since_looked, alert=alert, kind=NoticeKind.COUNSELOR)
        .order_by("created_at")
        .values_list("delivery__to_user_id", "created_at")
    )
    counselors = list(counselors_who_see(alert.member, Scope.ALERTS))
    recorded = 0
    for counselor in counselors:
        if counselor.pk not in earlier:
            with speaking(counselor):
                message = Message(Channel.EMAIL, counselor.email, _care_team_text())
            _record(alert, NoticeKind.COUNSELOR, message, to_user=counselor)
            _record_urgent_text(alert, NoticeKind.COUNSELOR, counselor, now)
            recorded += 1
    waiting = alert.news_at
    held = [c for c in counselors if waiting and c.pk in earlier and earlier[c.pk] < waiting]
    if waiting is not None and not held:
        alert.news_at = None  # everyone who may see it has heard the news (or nobody can)
        alert.save(update_fields=["news_at"])
    told_at = now if recorded else max(earlier.values(), default=None)
    return CareTeamNews(recorded, told_at, bool(counselors))


def tell_care_team(alert_id: int) -> int:
    """Tell each counselor who may see the member's alerts about it (record_for_care_team)."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().select_related("member").get(pk=alert_id)
        if alert.status != AlertStatus.RESOLVED:
            record_for_care_team(alert)
    return _send_all(_unsent(alert, NoticeKind.COUNSELOR))


def news_waiting(settle: timedelta = timedelta(minutes=2)) -> list[int]:
    """Alerts with a new signal the repeat window held back, now that it has passed."""
    now = timezone.now()
    told_since_looked = AlertNotice.objects.filter(
        CARE_TEAM_REPEAT.recent(now=now),
        alert=OuterRef("pk"),
        kind=NoticeKind.COUNSELOR,
        created_at__gte=Coalesce(OuterRef("acknowledged_at"), OuterRef("opened_at")),
    )
    return list(
        Alert.objects.unresolved()
        .filter(news_at__lt=now - settle)
        .exclude(Exists(told_since_looked))
        .values_list("pk", flat=True)[:1000]
    )


# --- Support contacts and the peer supporter ----------------------------------------------


def _how_to_reach(phone: str, email: str) -> tuple[str, str] | None:
    """A text when there is a phone and texts are set up; else email; else no way."""
    if phone and sms_enabled():
        return Channel.SMS, phone
    if email:
        return Channel.EMAIL, email
    return None


def contact_message(member: User, contact: SupportContact) -> Message | None:
    way = _how_to_reach(contact.phone, contact.email)
    if way is None:
        return None
    # A contact has no account: they hear in the member's language, whom they know.
    with speaking(member):
        return Message(*way, contact.approved_message.strip() or supporter_text(member))


def peer_message(member: User, peer: User) -> Message | None:
    way = _how_to_reach(peer.phone, peer.email)
    if way is None:
        return None
    with speaking(peer):
        return Message(*way, supporter_text(member))


def tell_supporters(
    alert_id: int, contact_ids: list[int] | None = None, *, peer: bool = False
) -> int:
    """Send the member's approved message to supporters who agreed to hear, at most daily.

    `contact_ids` None means every contact who agreed and whom the member lets the rules
    message (SupportContact.auto_alerts; an alert the rules raised); a list means the ones
    the member picked just now ("I'm struggling"). The member is shown each message the
    rules sent on their next page (told_on_my_behalf).
    """
    now = timezone.now()
    with transaction.atomic():
        alert = Alert.objects.select_for_update().select_related("member").get(pk=alert_id)
        if alert.stage not in SUPPORTER_STAGES:
            return 0
        if contact_ids is None and only_struggling(alert):
            return 0  # the member chooses whom to tell on the "I'm struggling" screen
        if contact_ids is None and has_self_harm(alert):
            return 0  # thoughts of self-harm: whom to tell is the member's choice alone
        if contact_ids is None and alert.status == AlertStatus.RESOLVED:
            return 0  # the rules' news is old; a member's own choice still goes out
        member = alert.member
        contacts = SupportContact.objects.select_for_update().filter(
            member=member, may_be_told=True
        )
        if contact_ids is not None:
            contacts = contacts.filter(pk__in=contact_ids)
        else:
            contacts = contacts.filter(auto_alerts=True)  # the member's own choice per contact
        chosen = contact_ids is not None  # the member saw the words as they picked
        for contact in contacts:
            recent = Delivery.objects.filter(
                contact_link__contact=contact, purpose=Purpose.ALERT_CONTACT
            )
            message = contact_message(member, contact)
            if message and not _told_recently(recent, alert, now):
                _record(alert, NoticeKind.CONTACT, message, contact=contact, seen=chosen)
        supporter = active_peer(member) if peer else None
        if supporter is not None:
            # The lock on the alert row serializes one member's notices; the peer's own row
            # serializes notices about different members to the same peer.
            User.objects.select_for_update().filter(pk=supporter.pk).first()
            recent = Delivery.objects.filter(
                to_user=supporter, about=member, purpose=Purpose.ALERT_PEER
            )
            message = peer_message(member, supporter)
            if message and not _told_recently(recent, alert, now):
                _record(alert, NoticeKind.PEER, message, to_user=supporter, seen=chosen)
    unsent = _unsent(alert, NoticeKind.CONTACT) + _unsent(alert, NoticeKind.PEER)
    return _send_all(unsent)


@dataclass(frozen=True)
class ToldForYou:
    """A supporter the rules messaged on the member's behalf, as the member is shown it."""

    notice_id: int
    name: str
    text: str
    at: datetime


def told_on_my_behalf(member: User) -> list[ToldForYou]:
    """Supporters messaged for the member that the member has not been shown yet (one
    query); the page that shows them marks them seen (mark_seen), so each shows once."""
    rows = (
        AlertNotice.objects.filter(
            alert__member=member,
            kind__in=[NoticeKind.CONTACT, NoticeKind.PEER],
            seen_by_member_at__isnull=True,
        )
        .exclude(delivery__status=DeliveryStatus.FAILED)
        .select_related("delivery__to_user", "delivery__contact_link__contact")
        .order_by("created_at")
    )
    found = []
    for notice in rows:
        delivery = notice.delivery
        link = getattr(delivery, "contact_link", None)
        if link is not None:
            name = link.contact.name
        elif delivery.to_user is not None:
            name = delivery.to_user.display_name
        else:
            continue
        found.append(ToldForYou(notice.pk, name, delivery.text, notice.created_at))
    return found


def mark_seen(told: list[ToldForYou]) -> None:
    AlertNotice.objects.filter(pk__in=[t.notice_id for t in told]).update(
        seen_by_member_at=timezone.now()
    )


def has_self_harm(alert: Alert) -> bool:
    return any(s.get("code") == SELF_HARM for s in alert.signals)


def only_struggling(alert: Alert) -> bool:
    return {s.get("code") for s in alert.signals} <= {"struggling"}


def unnotified_alerts(settle: timedelta = timedelta(minutes=2)) -> list[int]:
    """New alerts nobody has been told about yet: their notify task never finished (broker
    down, retries spent), or none of its notices has gone out yet (the outbox is still
    retrying, or a resend after a worker died mid-send is on its way)."""
    return list(
        Alert.objects.unresolved()
        .filter(notified_at__isnull=True, opened_at__lt=timezone.now() - settle)
        .values_list("pk", flat=True)[:1000]
    )


def mark_notified(alert_id: int) -> bool:
    """Stamp the alert "people told", at the moment its first notice went out, once one has:
    a Delivery that reached sent. Recorded, being sent, failed or "may not have been sent"
    is nobody told: the stamp stays empty and the sweep runs the notify task again
    (unnotified_alerts) until a notice is sent. Returns whether it was stamped just now."""
    first_sent = (
        Delivery.objects.filter(alert_notice__alert=OuterRef("pk"), status=DeliveryStatus.SENT)
        .order_by("sent_at")
        .values("sent_at")[:1]
    )
    return bool(
        Alert.objects.filter(pk=alert_id, notified_at__isnull=True)
        .filter(Exists(first_sent))
        .update(notified_at=Subquery(first_sent))
    )


def told_by(delivery_id: int) -> None:
    """A notice about an alert went out (messaging.outbox.after_sent): stamp its alert told
    now, also when it was a resend by the outbox's sweep after a worker died mid-send."""
    alert_ids = AlertNotice.objects.filter(
        delivery_id=delivery_id, alert__notified_at__isnull=True
    ).values_list("alert_id", flat=True)
    for alert_id in alert_ids:
        mark_notified(alert_id)


# --- Escalation ---------------------------------------------------------------------------


def overdue_alerts(now: datetime | None = None) -> list[int]:
    """Open alerts nobody acknowledged within their stage's time (settings)."""
    now = now or timezone.now()
    ids: list[int] = []
    for stage, minutes in settings.WAYPOINT_ESCALATE_AFTER.items():
        ids += (
            Alert.objects.annotate(since=Coalesce("reopened_at", "opened_at"))
            .filter(
                status=AlertStatus.OPEN,
                stage=stage,
                escalated_at__isnull=True,
            )
            .filter(
                # A re-opened alert waits its stage's time again from the new signal.
                since__lte=now - timedelta(minutes=minutes)
            )
            .values_list("pk", flat=True)
        )
    return ids


def _on_call(alert: Alert) -> list[User]:
    return list(
        User.objects.filter(
            role=Role.COUNSELOR,
            is_active=True,
            on_call=True,
            program_id=alert.member.program_id or -1,
        )
    )


def _record_for_on_call(alert: Alert, on_call: list[User], text: Callable[[], str]) -> None:
    """Stamp the alert escalated (once) and record one notice per on-call counselor; the
    caller holds the alert's row lock and sends what is unsent after commit."""
    if alert.escalated_at is None:
        alert.escalated_at = timezone.now()
        alert.save(update_fields=["escalated_at"])
    now = timezone.now()
    for counselor in on_call:
        with speaking(counselor):
            message = Message(Channel.EMAIL, counselor.email, text())
        _record(alert, NoticeKind.ESCALATION, message, to_user=counselor)
        _record_urgent_text(alert, NoticeKind.ESCALATION, counselor, now, any_hour=True)


def escalate_now(alert_id: int) -> int:
    """A "yes" to the self-harm question: on-call counselors hear at once, whatever the
    alert's state, without waiting for the escalation delay (DOMAIN.md: "a positive answer
    goes to 988 and to a person, at once"). Content-free like every notice: the alert itself
    is behind the access gate. Once per new answer: a retried task resumes what is unsent."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().select_related("member").get(pk=alert_id)
        if alert.status == AlertStatus.RESOLVED or not has_self_harm(alert):
            return 0
        on_call = _on_call(alert)
        if not on_call:
            # The usual escalation still tries later (escalated_at stays empty).
            log.warning("escalation_no_on_call alert=%s", alert.pk)
            return 0
        already = AlertNotice.objects.filter(
            alert=alert, kind=NoticeKind.ESCALATION, created_at__gte=alert.updated_at
        ).exists()
        if not already:
            _record_for_on_call(alert, on_call, _self_harm_escalation_text)
    return _send_all(_unsent(alert, NoticeKind.ESCALATION))


def _self_harm_escalation_text() -> str:
    return _(
        "A client needs attention now. Please make sure someone reaches out to them "
        "as soon as possible.\n\nOpen Waypoint: %(link)s"
    ) % {"link": _inbox_link()}


def _escalation_text() -> str:
    return _(
        "An alert about a client has not been acknowledged by their care team in time. "
        "Please make sure someone reaches out.\n\nOpen Waypoint: %(link)s"
    ) % {"link": _inbox_link()}


def escalate(alert_id: int) -> int:
    """Tell the program's on-call counselors about an alert still unacknowledged. Once."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().select_related("member").get(pk=alert_id)
        on_call = _on_call(alert)
        if alert.status == AlertStatus.OPEN and alert.escalated_at is None:
            if not on_call:
                # Not marked escalated: the next tick tries again, when someone may be on call.
                log.warning("escalation_no_on_call alert=%s", alert.pk)
                return 0
            _record_for_on_call(alert, on_call, _escalation_text)
    return _send_all(_unsent(alert, NoticeKind.ESCALATION))
