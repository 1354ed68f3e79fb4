"""What the database and the SMTP sink say happened, in SQL.

- Check-ins: each confirmed try is stored exactly once (the member's one row of the day
  carries that try's token) and evaluated (alerts.evaluation sets `evaluated_at` when the
  rules have read that version: NULL, or older than `updated_at`, is not evaluated).
- Alert emails to counselors: messaging.outbox.POLICY makes them at least once, so each
  alert's counselor (one per member in the seed) must have at least one; more are counted.
- Reminders: at most once per slot (reminders.models.ReminderDelivery): every reminded
  member's slot of the scenario is recorded once and sent once; one not sent is lost.
- Nothing left `sending` (or `pending`) in the outbox.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bench.faults.load import Member
from bench.faults.people import DOMAIN, REMINDED, counselor_email, reminded_email
from bench.faults.servers import SmtpSink

ALERT_SUBJECT = "A client needs attention"
REMINDER_SUBJECT = "Time for your check-in"


@dataclass
class Figures:
    tries: int = 0
    submitted: int = 0  # members who tapped Save at least once
    confirmed: int = 0  # members who saw "Thanks for checking in"
    stored: int = 0  # confirmed, and their confirmed answers are the day's one row
    evaluated: int = 0  # stored and read by the rules since their last change
    duplicated: int = 0  # more than one row (check-in or alert) where one is the rule
    lost: int = 0  # confirmed but not stored
    saved_unseen: int = 0  # stored although the member never saw the thanks
    alerts: int = 0
    alert_emails: int = 0  # alerts whose counselor has at least one email
    alert_emails_extra: int = 0  # emails beyond the first (allowed: at least once)
    alert_emails_missing: int = 0
    reminder_slots: int = 0
    reminders_sent: int = 0  # reminded members with an email
    reminders_extra: int = 0  # a second email for the same slot (never allowed)
    reminders_missing: int = 0
    reminder_slot_states: Counter[str] = field(default_factory=Counter)
    left_sending: Counter[str] = field(default_factory=Counter)  # purpose -> rows
    left_pending: Counter[str] = field(default_factory=Counter)
    unnotified_alerts: int = 0

    def settled(self) -> bool:
        """Everything the app will do by itself soon is done: evaluated, notified, reminded
        and nothing due left pending (rows left `sending` are counted in the table)."""
        return (
            self.evaluated == self.stored + self.saved_unseen
            and self.unnotified_alerts == 0
            and not self.left_pending
            and self.reminder_slots == REMINDED
        )


def _rows(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def measure(conn: Any, members: list[Member], sink: SmtpSink, today: date) -> Figures:
    f = Figures()
    f.tries = sum(len(m.tries) for m in members)
    f.submitted = sum(any(t.step != "form" or t.confirmed for t in m.tries) for m in members)
    confirmed = {m.email: m.confirmed.token for m in members if m.confirmed}
    f.confirmed = len(confirmed)

    rows = _rows(
        conn,
        """SELECT u.email, c.note, c.evaluated_at IS NOT NULL AND c.evaluated_at >= c.updated_at
           FROM checkins_checkin c JOIN accounts_user u ON u.id = c.member_id
           WHERE c.local_date = %s AND u.email LIKE %s""",
        (today, f"m%@{DOMAIN}"),
    )
    per_member = Counter(email for email, _note, _ev in rows)
    f.duplicated = sum(n - 1 for n in per_member.values() if n > 1)
    for email, note, evaluated in rows:
        if email in confirmed and note == confirmed[email]:
            f.stored += 1
            f.evaluated += bool(evaluated)
        elif email not in confirmed:
            f.saved_unseen += 1
            f.evaluated += bool(evaluated)
    f.lost = f.confirmed - f.stored

    alerts = _rows(
        conn,
        """SELECT u.email, a.stage, a.notified_at IS NOT NULL FROM alerts_alert a
           JOIN accounts_user u ON u.id = a.member_id WHERE u.email LIKE %s""",
        (f"m%@{DOMAIN}",),
    )
    per_stage = Counter((email, stage) for email, stage, _n in alerts)
    f.duplicated += sum(n - 1 for n in per_stage.values() if n > 1)
    f.alerts = len({email for email, _s, _n in alerts})
    f.unnotified_alerts = sum(not notified for _e, _s, notified in alerts)
    emails = Counter(to for mail in sink.received(ALERT_SUBJECT) for to in mail.to)
    for email in {email for email, _s, _n in alerts}:
        got = emails[counselor_email(int(email[1 : email.index("@")]))]
        f.alert_emails += got > 0
        f.alert_emails_missing += got == 0
        f.alert_emails_extra += max(0, got - 1)

    slots = _rows(
        conn,
        """SELECT u.email, CASE WHEN s.skip <> '' THEN s.skip ELSE d.status END
           FROM reminders_reminderdelivery s JOIN accounts_user u ON u.id = s.member_id
           JOIN messaging_delivery d ON d.id = s.delivery_id
           WHERE s.local_date = %s AND u.email LIKE %s""",
        (today, f"r%@{DOMAIN}"),
    )
    f.reminder_slots = len(slots)
    f.reminder_slot_states = Counter(state for _e, state in slots)
    f.duplicated += len(slots) - len({email for email, _s in slots})
    reminders = Counter(to for mail in sink.received(REMINDER_SUBJECT) for to in mail.to)
    for i in range(REMINDED):
        got = reminders[reminded_email(i)]
        f.reminders_sent += got > 0
        f.reminders_missing += got == 0
        f.reminders_extra += max(0, got - 1)

    for purpose, status, count in _rows(
        conn,
        """SELECT purpose, status, count(*) FROM messaging_delivery
           WHERE status IN ('sending', 'pending') GROUP BY purpose, status""",
    ):
        (f.left_sending if status == "sending" else f.left_pending)[purpose] += count
    return f
