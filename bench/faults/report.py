"""The table a fault run prints, and the verdict per scenario."""

from __future__ import annotations

from bench.faults.harness import Result
from bench.faults.people import REMINDED

COLUMNS = [
    ("scenario", 22),
    ("fault", 6),
    ("submitted", 9),
    ("confirmed", 9),
    ("stored", 6),
    ("evaluated", 9),
    ("duplicated", 10),
    ("lost", 4),
    ("recover", 7),
    ("alert mail", 12),
    ("reminders", 12),
    ("sending", 7),
    ("settled", 7),
    ("verdict", 7),
]


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}s"


# "No page hung longer than a few seconds": a try is three pages (form, save, thanks).
SLOW_TRY_SECONDS = 5.0


def problems(r: Result) -> list[str]:
    """What the scenario broke that the product promises (README, messaging.outbox.POLICY)."""
    f = r.figures
    found = []
    if f.lost:
        found.append(f"{f.lost} confirmed check-ins lost")
    if f.duplicated:
        found.append(f"{f.duplicated} duplicate rows")
    if f.evaluated < f.stored + f.saved_unseen:
        found.append(f"{f.stored + f.saved_unseen - f.evaluated} check-ins not evaluated")
    if f.confirmed < f.submitted:
        found.append(f"{f.submitted - f.confirmed} members never saw their check-in confirmed")
    if f.alert_emails_missing:
        found.append(f"{f.alert_emails_missing} alerts with no email to the counselor")
    if f.reminders_extra:
        found.append(f"{f.reminders_extra} reminders sent twice")
    if f.reminders_missing:
        found.append(f"{f.reminders_missing} reminders not sent")
    if f.left_sending:
        found.append(f"{sum(f.left_sending.values())} deliveries left 'sending'")
    if f.left_pending:
        found.append(f"{sum(f.left_pending.values())} deliveries still pending")
    if r.confirm_p95 > SLOW_TRY_SECONDS:
        found.append(
            f"p95 of a confirmed try {r.confirm_p95:.1f} s (over {SLOW_TRY_SECONDS:.0f} s)"
        )
    if r.no_crisis_lines:
        found.append(f"{r.no_crisis_lines} failed tries showed no page with the crisis lines")
    if r.healthz_unanswered:
        found.append(f"/healthz/deep did not answer {r.healthz_unanswered} times")
    if not r.healthz_ok_again:
        found.append("/healthz/deep never said ok again")
    return found


def row(r: Result) -> list[str]:
    f = r.figures
    alert_mail = f"{f.alert_emails}/{f.alerts}" + (
        f" +{f.alert_emails_extra}" if f.alert_emails_extra else ""
    )
    reminders = f"{f.reminders_sent}/{REMINDED}" + (
        f" +{f.reminders_extra}" if f.reminders_extra else ""
    )
    return [
        r.scenario.name,
        f"{r.fault_seconds:.0f}s",
        str(f.submitted),
        str(f.confirmed),
        str(f.stored),
        str(f.evaluated),
        str(f.duplicated),
        str(f.lost),
        _seconds(r.recover),
        alert_mail,
        reminders,
        str(sum(f.left_sending.values())),
        _seconds(r.settled_after),
        "FAIL" if problems(r) else "ok",
    ]


def table(results: list[Result]) -> str:
    lines = [
        "  ".join(name.ljust(width) for name, width in COLUMNS),
        "  ".join("-" * width for _name, width in COLUMNS),
    ]
    for r in results:
        lines.append(
            "  ".join(cell.ljust(width) for cell, (_n, width) in zip(row(r), COLUMNS, strict=True))
        )
    return "\n".join(lines)


def details(r: Result) -> str:
    f = r.figures
    lines = [
        f"{r.scenario.name}: {r.scenario.what} ({r.seconds:.0f} s in all)",
        f"  tries {f.tries}; saved although the member saw no thanks: {f.saved_unseen}; "
        f"tries failing after the fault ended: {r.errors_after}; p95 of a confirmed try "
        f"{r.confirm_p95:.1f} s, slowest try {r.longest:.1f} s",
        f"  users saw: {r.users_saw}",
        f"  /healthz/deep: {r.healthz}",
        f"  reminder slots {f.reminder_slots}: {dict(f.reminder_slot_states)}; "
        f"left sending {dict(f.left_sending)}; pending {dict(f.left_pending)}; "
        f"alerts not yet notified {f.unnotified_alerts}",
    ]
    lines += [f"  note: {note}" for note in dict.fromkeys(r.notes)]
    lines += [f"  PROBLEM: {p}" for p in problems(r)]
    return "\n".join(lines)


LEGEND = """\
submitted: members who tapped Save at least once (of 300); confirmed: members who saw
"Thanks for checking in"; stored: confirmed and the day's one row holds that try's answers;
evaluated: stored (or saved unseen) and read by the rules since; duplicated: extra rows where
one is the rule (check-ins per day, alerts per stage, reminder slots); lost: confirmed but not
stored; recover: first thanks after the fault ended; alert mail: alerts whose counselor got an
email / alerts (+ extra copies, allowed: at least once); reminders: reminded members emailed /
100 (+ second copies); sending: outbox rows left 'sending'; settled: seconds after the fault
and the last thanks until everything was evaluated, notified and handed over ('-': not
within --settle)."""
