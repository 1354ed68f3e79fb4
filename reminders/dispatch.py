"""Dispatch: record every reminder slot due since the last tick, once, and hand them over.

The slot maths is reminders.slots (pure). One tick is three queries whatever the number
of members: the time zones in use, one UNION of the pieces, one bulk insert of slots and
their outbox deliveries; plus one to pick what to send. Sending is the outbox's
(messaging.outbox.send); the rules that may still stop a reminder at send time (checked
in, paused, quiet hours, too late) are `still_wanted`, which reminders.apps registers
with the outbox.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.language import speaks
from accounts.models import Role, User
from checkins.models import CheckIn
from measures.models import due_q, is_due
from messaging.models import Channel, Delivery, DeliveryStatus, Purpose, PushSubscription
from messaging.numbers import checks_in_by_text
from messaging.outbox import SETTLE
from messaging.segments import fits_one_text
from reminders.models import (
    ReminderDelivery,
    ReminderKind,
    ReminderSchedule,
    ReminderSettings,
    SkipReason,
)
from reminders.slots import MAX_LOOKBACK, Piece, due_instant, in_quiet_hours, pieces, wall_clock

# A BAM still unanswered is reminded of again after this many days, not every day: resends
# quickly feel like spam (DOMAIN.md, lessons from reminder systems).
BAM_GAP = timedelta(days=7)


def _not_wanted(piece: Piece, kind: str) -> Q:
    """Members (from a schedule row) this kind of reminder is not for on the piece's day."""
    if kind == ReminderKind.BAM:
        # Answered (not due, the one definition in measures), or reminded within BAM_GAP.
        recently = ReminderDelivery.objects.filter(
            member=OuterRef("member"),
            kind=ReminderKind.BAM,
            local_date__gt=piece.day - BAM_GAP,
        )
        return ~due_q(piece.day, via="member__") | Q(Exists(recently))
    return Q(Exists(CheckIn.objects.filter(member=OuterRef("member"), local_date=piece.day)))


def _piece_query(piece: Piece, index: int, kind: str = ReminderKind.CHECKIN) -> models.QuerySet:
    bit = 1 << piece.day.weekday()
    times = Q(local_time__lte=piece.until)
    if piece.after is not None:
        times &= Q(local_time__gt=piece.after)
    # One reminder per schedule per day, even if a channel was added after it went out.
    handled = ReminderDelivery.objects.filter(
        schedule=OuterRef("pk"), local_date=piece.day, kind=kind
    )
    return (
        ReminderSchedule.objects.filter(
            times,
            GreaterThan(F("weekdays").bitand(bit), 0),
            member__timezone=piece.tz,
            member__role=Role.MEMBER,
            member__is_active=True,
        )
        .exclude(ReminderSettings.paused_on_q(piece.day, via="member__reminder_settings__"))
        .exclude(_not_wanted(piece, kind))
        .exclude(Exists(handled))
        .order_by()
        .annotate(
            piece=Value(index),
            kind=Value(str(kind)),
            # A device to notify still (PushTransport forgets the ones that are gone).
            has_device=Exists(PushSubscription.objects.filter(member=OuterRef("member"))),
            # A reply to the text would be their check-in: the text may say so.
            by_reply=checks_in_by_text(OuterRef("member__phone"), OuterRef("member_id")),
        )
        .values_list(
            "pk",
            "member_id",
            "local_time",
            "by_email",
            "by_sms",
            "in_app",
            "by_push",
            "member__reminder_settings__quiet_from",
            "member__reminder_settings__quiet_until",
            "updated_at",
            "member__email",
            "member__phone",
            "piece",
            "kind",
            "member__language",
            "has_device",
            "by_reply",
        )
    )


@dataclass(frozen=True)
class Tick:
    recorded: int  # rows offered (all channels, all statuses); a handled slot's are turned away
    to_send: list[int]  # pending deliveries to hand to the send task


def _rows(found: Iterable[tuple], plan: list[Piece], now: datetime) -> list[tuple]:
    """(schedule, member, day, channel, due, status, address, kind, language, by_reply) per
    slot and chosen channel; by_reply: a text the member can answer to check in."""
    rows = []
    local_now: dict[str, time] = {}
    bam_members: set[tuple[int, object]] = set()
    for row in sorted(found, key=lambda r: (r[2], r[0])):  # earliest time first
        (pk, member_id, at, by_email, by_sms, in_app, by_push) = row[:7]
        quiet_from, quiet_until, edited, email, phone, index, kind, language, device = row[7:16]
        by_reply = bool(row[16]) and kind == ReminderKind.CHECKIN
        if by_push and not device:
            # Every phone has unsubscribed since: the reminder still comes, in Waypoint if
            # notifications were its only way.
            by_push, in_app = False, in_app or not (by_email or by_sms)
        piece = plan[index]
        if kind == ReminderKind.BAM:
            if (member_id, piece.day) in bam_members:
                continue  # a second reminder time of the same day: the first one carries it
            bam_members.add((member_id, piece.day))
        due = due_instant(piece.day, at, piece.tz)
        if edited > due:
            continue  # set up or changed after this slot had passed: nothing to catch up
        if piece.tz not in local_now:
            local_now[piece.tz] = wall_clock(now, ZoneInfo(piece.tz)).time()
        status: str  # the slot's outcome: a skip reason, or its delivery's status
        if piece.late:
            status = SkipReason.LATE
        elif in_quiet_hours(local_now[piece.tz], quiet_from, quiet_until):
            status = SkipReason.QUIET
        else:
            status = DeliveryStatus.PENDING
        for channel, chosen, address in (
            (Channel.EMAIL, by_email, email),
            (Channel.SMS, by_sms, phone),
            (Channel.APP, in_app, ""),
            # The member's devices are looked up when it is sent (PushTransport).
            (Channel.PUSH, by_push, str(member_id)),
        ):
            if chosen:
                # In Waypoint, recording it is showing it.
                shown = channel == Channel.APP and status == DeliveryStatus.PENDING
                final = DeliveryStatus.SENT if shown else status
                rows.append(
                    (
                        pk,
                        member_id,
                        piece.day,
                        str(channel),
                        due,
                        str(final),
                        address,
                        kind,
                        speaks(language),
                        by_reply and channel == Channel.SMS,
                    )
                )
    return rows


def reminder_text(
    kind: str = ReminderKind.CHECKIN,
    language: str = settings.LANGUAGE_CODE,
    by_reply: bool = False,
) -> str:
    """`by_reply`: a text the member can simply answer to check in (messaging.numbers)."""
    # No health content: this may show on a lock screen or a shared inbox. "Check-up" says
    # nothing of what it asks about.
    with translation.override(language):
        if kind == ReminderKind.BAM:
            link = settings.WAYPOINT_SITE_URL + reverse("bam_start")
            return _("Your Waypoint check-up is ready: %(link)s") % {"link": link}
        link = settings.WAYPOINT_SITE_URL + reverse("checkin")
        plain = _("Time for your Waypoint check-in: %(link)s") % {"link": link}
        if not by_reply:
            return plain
        invite = _(
            "Time for your Waypoint check-in. Reply to this text to check in, or open %(link)s"
        ) % {"link": link}
        # The invitation only where it still goes as one text (a long site address, or an
        # accent in a translation, would split it): parts can arrive apart or out of order,
        # and the plain reminder is the one that must get through.
        return invite if fits_one_text(invite) else plain


SLOTS = ReminderDelivery._meta.db_table
OUTBOX = Delivery._meta.db_table
# Slots and their deliveries in one statement: each candidate takes the outbox's next id,
# the slot insert turns away slots already handled (ON CONFLICT), and only the slots it
# kept get a delivery. An id taken by a turned-away slot is simply never used.
_INSERT_POSTGRES = f"""
WITH r AS MATERIALIZED (
    SELECT nextval(pg_get_serial_sequence('{OUTBOX}', 'id')) AS id,
           s, m, d::date AS d, c, to_timestamp(e) AS due, st, a, k, t, lang
    FROM UNNEST(%s::bigint[], %s::bigint[], %s::text[], %s::text[], %s::float8[],
                %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])
         AS u(s, m, d, c, e, st, a, k, t, lang)
), kept AS (
    INSERT INTO {SLOTS} (delivery_id, schedule_id, member_id, local_date, channel, kind,
                         due_at, skip, created_at)
    SELECT id, s, m, d, c, k, due, CASE WHEN st IN ('pending', 'sent') THEN '' ELSE st END, %s
    FROM r
    ON CONFLICT DO NOTHING
    RETURNING delivery_id
)
INSERT INTO {OUTBOX} (id, purpose, channel, status, to_user_id, address, text, language,
                      attempts, provider_id, error, permanent, created_at, next_attempt_at,
                      sent_at)
SELECT r.id, %s, r.c, CASE WHEN r.st IN ('pending', 'sent') THEN r.st ELSE 'skipped' END,
       r.m, r.a, r.t, r.lang, 0, '', '', false, %s, %s,
       CASE WHEN r.st = 'sent' THEN %s::timestamptz END
FROM r JOIN kept ON kept.delivery_id = r.id
"""  # noqa: S608 (table names from the models; every value is a parameter)


def _delivery_status(status: str) -> str:
    if status in (DeliveryStatus.PENDING, DeliveryStatus.SENT):
        return status
    return DeliveryStatus.SKIPPED


def _insert(rows: list[tuple], now: datetime) -> None:
    """Record each slot and its outbox delivery, once: one statement on PostgreSQL.

    Written by hand because preparing every field of thousands of rows through the ORM
    took longer than the insert itself (bench/reminder_dispatch.py).
    """
    texts = {row[7:]: reminder_text(*row[7:]) for row in rows}  # (kind, language, by_reply)
    if connection.vendor == "postgresql":
        # One plain array per column (dates as text, instants as epoch seconds) parses
        # far faster than thousands of VALUES rows or typed literals.
        schedule, member, day, channel, due, status, address, kind, language, by_reply = zip(
            *rows, strict=True
        )
        stamp = connection.ops.adapt_datetimefield_value(now)
        with connection.cursor() as cursor:
            cursor.execute(
                _INSERT_POSTGRES,
                [
                    list(schedule),
                    list(member),
                    [d.isoformat() for d in day],
                    list(channel),
                    [d.timestamp() for d in due],
                    list(status),
                    list(address),
                    list(kind),
                    [texts[text] for text in zip(kind, language, by_reply, strict=True)],
                    list(language),
                    stamp,
                    str(Purpose.REMINDER),
                    stamp,
                    connection.ops.adapt_datetimefield_value(now + SETTLE),
                    stamp,
                ],
            )
        return
    # SQLite (development): deliveries first, then the slots that are new, then drop the
    # deliveries whose slot was turned away. A delivery left without a slot by a crash in
    # between is skipped by still_wanted, never sent.
    deliveries = Delivery.objects.bulk_create(
        Delivery(
            purpose=Purpose.REMINDER,
            channel=chan,
            status=_delivery_status(status),
            to_user_id=member_id,
            address=address,
            text=texts[kind, language, by_reply],
            language=language,
            created_at=now,
            next_attempt_at=now + SETTLE,
            sent_at=now if status == DeliveryStatus.SENT else None,
        )
        for _s, member_id, _d, chan, _due, status, address, kind, language, by_reply in rows
    )
    ReminderDelivery.objects.bulk_create(
        (
            ReminderDelivery(
                delivery=delivery,
                schedule_id=schedule_id,
                member_id=member_id,
                local_date=day,
                channel=chan,
                kind=kind,
                due_at=due,
                skip="" if _delivery_status(status) != DeliveryStatus.SKIPPED else status,
                created_at=now,
            )
            for delivery, (schedule_id, member_id, day, chan, due, status, _a, kind, *_) in zip(
                deliveries, rows, strict=True
            )
        ),
        ignore_conflicts=True,
    )
    ids = [d.pk for d in deliveries]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {OUTBOX} WHERE id IN ({marks}) AND NOT EXISTS "  # noqa: S608
                f"(SELECT 1 FROM {SLOTS} WHERE delivery_id = {OUTBOX}.id)",
                chunk,
            )


def dispatch(since: datetime, now: datetime, grace: timedelta | None = None) -> Tick:
    """Record every reminder slot due in (since, now], once; return what to send."""
    grace = grace if grace is not None else settings.WAYPOINT_REMINDER_GRACE
    since = max(since, now - MAX_LOOKBACK)
    zones = (
        User.objects.filter(role=Role.MEMBER, reminder_schedules__isnull=False)
        .values_list("timezone", flat=True)
        .distinct()
    )
    plan = [p for tz in zones for p in pieces(tz, since, now, grace)]
    if not plan:
        return Tick(0, [])
    queries = [
        _piece_query(piece, index, kind)
        for index, piece in enumerate(plan)
        for kind in ReminderKind.values
    ]
    union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    rows = _rows(union, plan, now)
    if rows:
        _insert(rows, now)
    # Rows that lost the race to an earlier tick kept that tick's created_at.
    to_send = list(
        ReminderDelivery.objects.filter(delivery__status=DeliveryStatus.PENDING, created_at=now)
        .exclude(channel=Channel.APP)
        .values_list("pk", flat=True)
    )
    return Tick(len(rows), to_send)


def expire_late(now: datetime) -> int:
    """Pending reminders past the grace window are skipped as late, all at once.

    Pending ones within it are handed over by the outbox's sweep (a tick that could not
    reach the broker, a retry that is due); rows left `sending` are the sweep's too.
    """
    late = list(
        ReminderDelivery.objects.filter(
            delivery__status=DeliveryStatus.PENDING,
            due_at__lt=now - settings.WAYPOINT_REMINDER_GRACE,
        ).values_list("pk", flat=True)[:10000]
    )
    skipped = Delivery.objects.skip_pending(late)
    return ReminderDelivery.objects.filter(pk__in=skipped).update(skip=SkipReason.LATE)


def _skip(slot: ReminderDelivery, reason: str) -> bool:
    ReminderDelivery.objects.filter(pk=slot.pk).update(skip=reason)
    return False


def reminder_subject(delivery: Delivery) -> str:
    """The email's subject: which kind of reminder, in fixed words (no health content)."""
    kind = ReminderDelivery.objects.filter(pk=delivery.pk).values_list("kind", flat=True).first()
    if kind == ReminderKind.BAM:
        return _("Your check-up is ready")
    return _("Time for your check-in")


def still_wanted(delivery: Delivery) -> bool:
    """The outbox asks this just before sending a reminder (it holds the claim). False, with
    the reason on the slot, if the member checked in, paused, is in quiet hours, or the
    reminder is too late to be useful; a retry can come minutes after the dispatch."""
    slot = (
        ReminderDelivery.objects.select_related("member", "member__reminder_settings")
        .filter(pk=delivery.pk)
        .first()
    )
    if slot is None:
        return False  # the member deleted that reminder a moment ago
    member = slot.member
    if slot.kind == ReminderKind.BAM:
        if not is_due(member, slot.local_date):
            return _skip(slot, SkipReason.ANSWERED)
    elif CheckIn.objects.on(member, slot.local_date).exists():
        return _skip(slot, SkipReason.CHECKED_IN)
    prefs = getattr(member, "reminder_settings", None)
    if prefs and prefs.is_paused_on(slot.local_date):
        # Paused after dispatch (a retry can come minutes later): respect it now.
        return _skip(slot, SkipReason.PAUSED)
    now = timezone.now()
    local_now = wall_clock(now, ZoneInfo(member.timezone)).time()
    if prefs and in_quiet_hours(local_now, prefs.quiet_from, prefs.quiet_until):
        return _skip(slot, SkipReason.QUIET)
    if now > slot.due_at + settings.WAYPOINT_REMINDER_GRACE:
        return _skip(slot, SkipReason.LATE)
    return True
