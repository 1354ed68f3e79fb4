"""Everything Waypoint texts back, in one place. Outbound texts never carry health details:
no answer is echoed, no alert named; the questions are the same for everyone and the
safety replies link to the page that says more."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import crisis_lines
from texting.models import Step


def _program() -> dict[str, str]:
    return {"program": settings.WAYPOINT_PROGRAM_NAME}


def link(name: str) -> str:
    return settings.WAYPOINT_SITE_URL + reverse(name)


def question(step: str) -> str:
    if step == Step.CRAVING:
        return (
            _(
                "%(program)s check-in: how strong is any craving right now, from 0 (none) to 10? "
                "Reply with a number."
            )
            % _program()
        )
    if step == Step.HALT:
        return _(
            "Are you hungry, angry, lonely or tired? Reply with any of those words or their "
            "first letters (H, A, L, T), or NONE."
        )
    return _("Did you use today? Reply YES or NO.")


def asked_again(step: str) -> str:
    """Kind, once per question: what a good reply looks like."""
    if step == Step.CRAVING:
        return _("Sorry, I didn't catch that. Just a number from 0 to 10 is fine, like 3.")
    if step == Step.HALT:
        return _(
            "Sorry, I didn't catch that. Reply HUNGRY, ANGRY, LONELY or TIRED (or H, A, L, T), "
            "as many as fit, or NONE."
        )
    return _("Sorry, I didn't catch that. Just YES or NO is fine.")


def gave_up() -> str:
    return _(
        "Thanks for trying. Nothing was saved this time. You can check in in %(program)s any "
        "time: %(link)s"
    ) % {**_program(), "link": link("checkin")}


def saved() -> str:
    return _("Thank you for checking in. It's saved in %(program)s.") % _program()


def safety_lines(lines: list[dict[str, Any]] | None = None) -> str:
    """The deployment's crisis lines as one text: "Emergency: call 911. 988 Lifeline: call
    or text 988." (settings.WAYPOINT_CRISIS_LINES, the lines every page shows), with what
    to text where the line has words for it in this language, as its "Text" button does
    ("llama o envía AYUDA al 988")."""
    parts = []
    for line in lines if lines is not None else settings.WAYPOINT_CRISIS_LINES:
        name = line.get("short") or line["label"]
        body = crisis_lines.text_body(line, get_language())
        if line["call"] and line["text"]:
            how = _("call or text %(body)s to %(number)s") if body else _("call or text %(number)s")
        elif line["text"]:
            how = _("text %(body)s to %(number)s") if body else _("text %(number)s")
        else:
            how = _("call %(number)s")
        parts.append(f"{name}: {how % {'number': line['number'], 'body': body}}.")
    return " ".join(parts)


def after_use() -> str:
    return _(
        "Thank you for telling us. You're not alone. If you need someone now: %(lines)s "
        "More in %(program)s: %(link)s"
    ) % {**_program(), "lines": safety_lines(), "link": link("use_safety")}


def after_struggling() -> str:
    return _(
        "Thank you for reaching out. You're not alone. If you need someone now: %(lines)s "
        "More in %(program)s: %(link)s"
    ) % {**_program(), "lines": safety_lines(), "link": link("help_now")}


def help_reply() -> str:
    phone = settings.WAYPOINT_PROGRAM_PHONE
    program_line = (
        _("%(program)s: call us at %(phone)s.") % {**_program(), "phone": phone["number"]}
        if phone
        else _("%(program)s: check in by text, or sign in at %(link)s.")
        % {**_program(), "link": link("home")}
    )
    return _("%(program_line)s In a crisis: %(lines)s Reply STOP to stop texts.") % {
        "program_line": program_line,
        "lines": safety_lines(),
    }


def stopped() -> str:
    return (
        _("You won't get any more texts from %(program)s. Reply START to get them again.")
        % _program()
    )


def started() -> str:
    return _("Texts from %(program)s are on again. Reply HELP for help, STOP to stop.") % _program()


def opt_out_line() -> str:
    """All a number that belongs to no member ever gets back."""
    return _("%(program)s: reply STOP to stop texts from this number.") % _program()
