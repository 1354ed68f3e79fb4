"""A member's own data, all of it, as one JSON document (and the same, readable).

Shape (format "waypoint-member-export", version 1), each list oldest first:
    member            the account: email, name, time zone, phone, program, choices, dates
    plan              null, or {content, finished_sections, revision, created_at, updated_at,
                      versions: [{number, created_at, saved_by, sections, content}],
                      reviews: [{version_number, counselor_name, status, note, created_at}],
                      comments: [{section, author_name, body, version_number, created_at}]}
    checkins          every daily check-in with every answer and note
    use_reports       every report of a return to use, with its reflection
    bam_results       every Brief Addiction Monitor answered: answers, scores, version
    struggling        each "I'm struggling right now"
    alerts            warning-stage alerts about the member, with their signals
    contacts          the member's people
    messages_about_me messages sent to someone else about the member (no texts of others)
    consents          every consent with the exact words signed
    reminders         {schedules: [...], settings: {...} or null}
    texts             {words: {struggling_word, used_word} or null, consents: [{action, at}]}:
                      the member's own words for texts, and each STOP and START they sent
    community         {groups, rsvps, peer_pairings}
    access_log        every event of "who saw my record", refused attempts included
Built in a fixed number of queries. Lives in home because it reads every app.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from accounts.audit_log import describe, why
from accounts.models import AuditEvent, Consent, User
from alerts.models import Alert, StruggleReport
from alumni.models import GroupMembership, PeerPairing, Rsvp
from checkins.models import CheckIn, UseReport
from contacts.models import SupportContact
from measures.models import BamResult
from messaging.models import Delivery, PushSubscription, TextConsent
from plans.models import Plan
from plans.sections import SECTIONS
from reminders.models import ReminderSchedule, ReminderSettings
from texting.models import TextSettings

FORMAT, VERSION = "waypoint-member-export", 1


def _rows(queryset: QuerySet[Any], *fields: str, **renamed: str) -> list[dict[str, Any]]:
    """The rows' `fields`, and related values under new names (`to="to_user__display_name"`)."""
    return list(queryset.values(*fields, **{new: F(old) for new, old in renamed.items()}))


def _plan(member: User) -> dict[str, Any] | None:
    plan = Plan.objects.filter(member=member).first()
    if plan is None:
        return None
    return {
        "content": plan.content,
        "finished_sections": plan.finished_sections,
        "revision": plan.revision,
        "created_at": plan.created_at,
        "updated_at": plan.updated_at,
        "versions": _rows(
            plan.versions.order_by("number"),
            "number",
            "created_at",
            "sections",
            "content",
            saved_by="author__display_name",
        ),
        "reviews": _rows(
            plan.reviews.order_by("created_at"),
            "version_number",
            "status",
            "note",
            "created_at",
            counselor_name="counselor__display_name",
        ),
        "comments": _rows(
            plan.comments.order_by("created_at"),
            "section",
            "body",
            "version_number",
            "created_at",
            author_name="author__display_name",
        ),
    }


def _access_log(member: User) -> list[dict[str, Any]]:
    events = (
        AuditEvent.objects.filter(member=member)
        .select_related("actor", "consent")
        .order_by("at", "pk")
    )
    return [
        {
            "at": e.at,
            "who": e.actor.display_name if e.actor else None,
            "role": e.actor.role if e.actor else None,
            "what": describe(e.action, e.scope),
            "action": e.action,
            "part": e.scope,
            "why": why(e),
            "consent_id": e.consent_id,
        }
        for e in events
    ]


def export(member: User) -> dict[str, Any]:
    """Everything Waypoint holds about the member, as plain data."""
    checkin_fields = [f.name for f in CheckIn._meta.concrete_fields if f.name != "member"]
    report_fields = [f.name for f in UseReport._meta.concrete_fields if f.name != "member"]
    settings_row = ReminderSettings.objects.filter(member=member).values(
        "quiet_from", "quiet_until", "paused_until"
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now(),
        "member": _rows(
            User.objects.filter(pk=member.pk),
            "email",
            "display_name",
            "timezone",
            "phone",
            "role",
            "program_messages",
            "volunteers_as_peer",
            "recovery_began_on",
            "date_joined",
            program_name="program__name",
        )[0],
        "plan": _plan(member),
        "checkins": _rows(
            CheckIn.objects.filter(member=member).order_by("local_date"), *checkin_fields
        ),
        "use_reports": _rows(
            UseReport.objects.filter(member=member).order_by("occurred_at"), *report_fields
        ),
        "bam_results": _rows(
            BamResult.objects.filter(member=member).order_by("completed_at"),
            "version",
            "answers",
            "use",
            "risk",
            "protective",
            "satisfaction",
            "started_at",
            "completed_at",
            "local_date",
        ),
        "struggling": _rows(
            StruggleReport.objects.filter(member=member).order_by("created_at"),
            "local_date",
            "created_at",
        ),
        "alerts": _rows(
            Alert.objects.filter(member=member).order_by("opened_at"),
            "stage",
            "status",
            "signals",
            "opened_at",
            "acknowledged_at",
            "resolved_at",
        ),
        "contacts": _rows(
            SupportContact.objects.filter(member=member).order_by("position", "pk"),
            "name",
            "relationship",
            "phone",
            "email",
            "preferred_channel",
            "best_times",
            "may_be_told",
            "auto_alerts",
            "approved_message",
            "created_at",
        ),
        "messages_about_me": _rows(
            Delivery.objects.filter(about=member)
            .exclude(to_user=member)
            .order_by("created_at", "pk"),
            "purpose",
            "channel",
            "status",
            "created_at",
            "sent_at",
            to_name="to_user__display_name",
            to_contact="contact_link__contact__name",
        ),
        "consents": _rows(
            Consent.objects.filter(member=member).order_by("granted_at", "pk"),
            "id",
            "discloser",
            "recipient_name",
            "scope_plan",
            "scope_checkins",
            "scope_alerts",
            "purpose",
            "signature",
            "granted_at",
            "expires_at",
            "expiry_event",
            "revoked_at",
            "renews_id",
            "text",
        ),
        "reminders": {
            "schedules": _rows(
                ReminderSchedule.objects.filter(member=member).order_by("local_time"),
                "local_time",
                "weekdays",
                "by_email",
                "by_sms",
                "in_app",
                "by_push",
            ),
            "settings": next(iter(settings_row), None),
            # The phones that get them as notifications: which and since when (the
            # endpoint is the push service's secret for the device, not the member's data).
            "phones": _rows(
                PushSubscription.objects.filter(member=member).order_by("created_at", "pk"),
                "device",
                "created_at",
            ),
        },
        "texts": {
            "words": next(
                iter(
                    TextSettings.objects.filter(member=member).values(
                        "struggling_word", "used_word"
                    )
                ),
                None,
            ),
            "consents": _rows(
                TextConsent.objects.filter(member=member).order_by("at", "pk"), "action", "at"
            ),
        },
        "community": {
            "groups": _rows(
                GroupMembership.objects.filter(member=member).order_by("pk"),
                group_name="group__name",
            ),
            "rsvps": _rows(
                Rsvp.objects.filter(member=member).order_by("event__starts_at"),
                "attended",
                "created_at",
                event_title="event__title",
                starts_at="event__starts_at",
            ),
            "peer_pairings": _rows(
                PeerPairing.objects.filter(Q(member=member) | Q(peer=member)).order_by("pk"),
                "proposed_at",
                "member_agreed_at",
                "peer_agreed_at",
                "ended_at",
                member_name="member__display_name",
                peer_name="peer__display_name",
            ),
        },
        "access_log": _access_log(member),
    }


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def readable_plan(content: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan's sections as titles and lines, for the readable document."""
    parts = []
    for section in SECTIONS:
        value = content.get(section.key)
        if section.is_list and isinstance(value, list):
            lines = [
                str(item.get(section.main.name, "")) for item in value if isinstance(item, dict)
            ]
        elif isinstance(value, dict):
            labels = {f.name: f.label for f in section.fields}
            lines = [f"{labels.get(k, k)}: {v}" for k, v in value.items() if v not in ("", None)]
        else:
            lines = []
        parts.append({"title": section.title, "lines": [line for line in lines if line]})
    return parts
