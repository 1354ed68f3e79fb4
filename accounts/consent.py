"""The written consent (42 CFR 2.31): its exact words, and signing it.

One function writes the words (`consent_text`); the review page shows them and signing
stores the same string with the consent, so what the member read is what is kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import CONSENT_SCOPES, Consent, Scope, User

DAY = gettext_lazy("M j, Y")  # how the site writes a day ("Dec 2, 2026"; in Spanish "2 dic 2026")


def _written(day: date) -> str:
    # DAY is lazy, read in the active language at each call (date_format takes a str).
    return date_format(day, str(DAY))


# Exactly what each part of the record holds, as the member reads it before signing.
WHAT_IS_SHARED: dict[str, Promise] = {
    Scope.PLAN: gettext_lazy(
        "My relapse-prevention plan: everything in it, every earlier version, and the "
        "counselor's reviews and comments on it."
    ),
    Scope.CHECKINS: gettext_lazy(
        "My daily check-ins (hungry, angry, lonely, tired, craving, mood, sleep, medication, "
        "support, the warning signs I noticed, whether I used) with their trend, the day my "
        "recovery began, and my reports of a return to use with their notes."
    ),
    Scope.ALERTS: gettext_lazy(
        "Warning-stage alerts about me and the signals that raised them, and the action "
        "steps of my plan shown with them."
    ),
}


def discloser_name(member: User) -> str:
    """The program that discloses: the deployment's program, and the member's track in it."""
    name = settings.WAYPOINT_PROGRAM_NAME
    if member.program and member.program.name != name:
        return f"{name} ({member.program.name})"
    return name


@dataclass(frozen=True)
class Terms:
    """What the member chose, before signing: everything the words are made from."""

    member: User
    recipient: User
    scopes: tuple[str, ...]
    purpose: str
    expires_on: date | None
    expiry_event: str
    signed_on: date

    @property
    def discloser(self) -> str:
        return discloser_name(self.member)

    def ends(self) -> str:
        if self.expires_on is not None:
            return _("This consent ends at the end of %(day)s, unless I stop it sooner.") % {
                "day": _written(self.expires_on)
            }
        return _(
            "This consent ends when %(name)s no longer works with me in the program, unless "
            "I stop it sooner."
        ) % {"name": self.recipient.display_name}


def consent_text(terms: Terms, signature: str) -> str:
    """The full consent as the member reads and signs it (plain text, kept verbatim)."""
    role = terms.recipient.get_role_display()
    lines = [
        _("Consent to share my Waypoint record (42 CFR part 2)"),
        "",
        _("Member: %(name)s") % {"name": terms.member.display_name},
        _("Who shares it: %(program)s, the program that runs Waypoint")
        % {"program": terms.discloser},
        _("Shared with: %(name)s (%(role)s)")
        % {"name": terms.recipient.display_name, "role": role},
        "",
        _("What is shared, and nothing else:"),
        *[f"- {WHAT_IS_SHARED[scope]}" for scope in CONSENT_SCOPES if scope in terms.scopes],
        "",
        _("Why: %(purpose)s") % {"purpose": terms.purpose},
        terms.ends(),
        "",
        _(
            "I can stop this sharing at any time on Waypoint's Sharing page, or by telling the "
            "program. Stopping it does not undo what was already shared or seen before I "
            "stopped it."
        ),
        _(
            "My treatment, payment, enrollment and eligibility for benefits do not depend on "
            "whether I sign this."
        ),
        _(
            "Whoever sees my record under this consent is told that federal rules "
            "(42 CFR part 2) forbid them to share it further."
        ),
        "",
        _("Signed: %(signature)s") % {"signature": signature},
        _("Date: %(day)s") % {"day": _written(terms.signed_on)},
    ]
    return "\n".join(str(line) for line in lines)


def digest(text: str) -> str:
    """A short fingerprint of the words shown, carried by the signing form: if anything
    they are made from changed between reading and signing, the member reads them again."""
    return hashlib.sha256(text.encode()).hexdigest()


def _end_of(day: date) -> datetime:
    # Sharing ends at the end of the chosen day where the member is (the active time zone).
    return timezone.make_aware(datetime.combine(day, time.max))


def sign(terms: Terms, signature: str, *, renews: Consent | None = None) -> Consent:
    """Record the signed consent with the exact words it was signed with."""
    return Consent.objects.create(
        member=terms.member,
        discloser=terms.discloser,
        recipient=terms.recipient,
        recipient_name=terms.recipient.display_name,
        purpose=terms.purpose,
        signature=signature,
        expires_at=_end_of(terms.expires_on) if terms.expires_on else None,
        expiry_event=terms.expiry_event,
        text=consent_text(terms, signature),
        renews=renews,
        **{f"scope_{scope}": scope in terms.scopes for scope in CONSENT_SCOPES},
    )


def terms_of(consent: Consent, *, signed_on: date) -> Terms:
    """The terms of an earlier consent, to sign again as a new one ("share again")."""
    expires_on = timezone.localdate(consent.expires_at) if consent.expires_at else None
    if expires_on is not None and expires_on <= signed_on:
        expires_on = None  # a date already past cannot be chosen again: the member picks anew
    return Terms(
        member=consent.member,
        recipient=consent.recipient,
        scopes=tuple(consent.scopes),
        purpose=consent.purpose,
        expires_on=expires_on,
        expiry_event=consent.expiry_event,
        signed_on=signed_on,
    )


def parts_shared(consent: Consent) -> str:
    """The parts of the record a consent covers, named mid-sentence ("relapse-prevention plan,
    check-ins and reports of use"): the names the member's Sharing page gives them."""
    names = (str(scope.label) for scope in consent.scopes)
    return ", ".join(name[:1].lower() + name[1:] for name in names)


def relied_on(consent: Consent | None) -> str:
    """How a page names the consent it shows a record under (2.32 notice), with what it
    covers: two consents of one member are told apart, and 2.32(b) asks for its scope."""
    if consent is None:
        return ""
    words = {
        "name": consent.member.display_name,
        "day": _written(timezone.localdate(consent.granted_at)),
        "parts": parts_shared(consent),
    }
    if consent.expires_at:
        until = _written(timezone.localdate(consent.expires_at))
        return _(
            "Shared with you under %(name)s's consent of %(day)s (%(parts)s), until %(until)s."
        ) % {**words, "until": until}
    return (
        _(
            "Shared with you under %(name)s's consent of %(day)s (%(parts)s), while you work "
            "with them in the program."
        )
        % words
    )


# 42 CFR 2.32(a)(1), as amended in 2024: the notice that goes with every disclosure made
# with the patient's consent. Shown by one include ({% redisclosure_notice %}); legal
# words, so a translation must use the official text, not a paraphrase.
REDISCLOSURE_NOTICE = gettext_lazy(
    "This record which has been disclosed to you is protected by Federal confidentiality "
    "rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, "
    "or testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, "
    "except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with "
    "42 CFR 2.64 or 2.65. In addition, the Federal rules prohibit you from making any other "
    "use or disclosure of this record unless at least one of the following applies: "
    "(i) Further use or disclosure is expressly permitted by the written consent of the "
    "individual whose information is being disclosed in this record or as otherwise "
    "permitted by 42 CFR part 2. (ii) You are a covered entity or business associate and "
    "have received the record for treatment, payment, or health care operations, or "
    "(iii) You have received the record from a covered entity or business associate as "
    "permitted by 45 CFR part 164, subparts A and E. A general authorization for the "
    "release of medical or other information is NOT sufficient to meet the required "
    "elements of written consent to further use or redisclose the record (see 42 CFR 2.31)."
)
# 42 CFR 2.32(a)(2): the short statement the rule accepts in place of the full one. Pages show
# it always and the full one a tap away on a phone (includes/redisclosure.html); legal words too.
REDISCLOSURE_SHORT = gettext_lazy(
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
)
