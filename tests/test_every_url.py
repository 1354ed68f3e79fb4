"""Every URL pattern, requested by every persona: the status each one gets, and no leak.

Marker strings are planted in member Alex's plan, check-in note, report of use and
contact (name and phone number). Each pattern is requested (GET, then POST with an empty
body) by each persona of tests/personas.py with Alex's objects in the path, each request
in a transaction that is rolled back so none changes what the next one sees. The status
must be the one in EXPECTED (never a 500), and a marker may appear only in a response to
someone the member shares that part with.

A new URL pattern fails `test_the_table_names_every_url_pattern` until it is in EXPECTED.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import AuditEvent, Invitation, Role, Scope
from alerts.models import Alert
from alumni.models import AlumniGroup, Event, GroupMembership, Outreach, PeerPairing, Rsvp
from checkins.models import UseReport
from contacts.models import SupportContact
from messaging import outbox
from messaging.models import Channel, Purpose
from plans.models import Plan, PlanComment, PlanReview
from plans.versions import write_plan
from stepping_up.models import CareRecommendation
from tests import personas
from tests.factories import CheckInFactory, UserFactory

pytestmark = pytest.mark.django_db

MARK_PLAN = "Zqplanmark"
MARK_CHECKIN = "Zqcheckinmark"
MARK_CONTACT = "Zqcontactmark"
CONTACT_PHONE = ("+12025550143", "2025550143", "555-0143")
MARKS = {
    Scope.PLAN: (MARK_PLAN,),
    Scope.CHECKINS: (MARK_CHECKIN,),
    "contacts": (MARK_CONTACT, *CONTACT_PHONE),
}
PERSONAS = [
    "anonymous",
    "member",
    "other_member",
    "counselor",
    "counselor_partial",
    "counselor_off_team",
    "coordinator",
    "coordinator_elsewhere",
    "program_admin",
]
# What each persona may see of Alex's record: Alex everything; the counselor (on the care
# team, consent to plan, check-ins and alerts) the plan and check-ins; with partial consent
# the plan only; everyone else nothing (coordinators see engagement, which has no marker).
MAY_SEE = {
    "member": set(MARKS),
    "counselor": {Scope.PLAN, Scope.CHECKINS},
    "counselor_partial": {Scope.PLAN},
}


class World:
    """Alex's record and everything around it, built once per test."""

    def __init__(self) -> None:
        self.member = UserFactory(display_name="Alex", role=Role.MEMBER)
        member = self.member
        self.other_member = UserFactory(display_name="Sam", role=Role.MEMBER)
        self.counselor = personas.counselor_for(member, display_name="Casey")
        self.counselor_partial = personas.counselor_with_partial_consent(member)
        self.counselor_off_team = personas.counselor_off_team(member)
        self.coordinator = UserFactory(
            display_name="Jordan", role=Role.COORDINATOR, program=member.program
        )
        self.coordinator_elsewhere = personas.coordinator_elsewhere(member)
        self.program_admin = personas.program_admin(member)
        peer = UserFactory(display_name="Taylor", volunteers_as_peer=True)

        write_plan(
            member,
            {"reasons": [{"text": f"Being there for Theo {MARK_PLAN}"}]},
            author=member,
            finished=[],
        )
        self.plan = Plan.objects.get(member=member)
        self.checkin = CheckInFactory(member=member, note=f"Rough morning {MARK_CHECKIN}")
        self.report = UseReport.objects.create(
            member=member,
            occurred_at=timezone.now() - timedelta(hours=30),
            local_date=timezone.localdate() - timedelta(days=1),
            kind="lapse",
            notes=f"After payday {MARK_CHECKIN}",
        )
        self.contact = SupportContact.objects.create(
            member=member,
            name=f"Marcus {MARK_CONTACT}",
            relationship="sponsor",
            phone=CONTACT_PHONE[0],
        )
        SupportContact.objects.create(
            member=member, name="Jo", relationship="friend", email="jo@example.org", position=1
        )
        self.schedule = member.reminder_schedules.get()
        self.consent = member.consents_given.filter(recipient=self.counselor).get()
        self.alert = Alert.objects.create(
            member=member,
            stage="mental",
            signals=[{"code": "craving_high", "explanation": "Craving was high twice"}],
        )
        self.group = AlumniGroup.objects.create(name="Tuesday alumni", program=member.program)
        self.group.coordinators.add(self.coordinator)
        self.membership = GroupMembership.objects.create(group=self.group, member=member)
        GroupMembership.objects.create(group=self.group, member=peer)
        start = timezone.now() + timedelta(days=2)
        self.event = Event.objects.create(
            title="Bowling night",
            kind="social",
            group=self.group,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="Lanes on 5th",
            created_by=self.coordinator,
        )
        Rsvp.objects.create(event=self.event, member=member)
        self.pairing = PeerPairing.objects.create(
            member=member, peer=peer, proposed_by=self.coordinator
        )
        self.outreach = Outreach.objects.create(
            member=member,
            coordinator=self.coordinator,
            method="call",
            outcome="no_answer",
            follow_up_on=timezone.localdate(),
        )
        PlanReview.objects.create(
            plan=self.plan, version_number=1, counselor=self.counselor, status="reviewed"
        )
        PlanComment.objects.create(
            plan=self.plan,
            version_number=1,
            author=self.counselor,
            section="reasons",
            body="Lovely",
        )
        AuditEvent.objects.create(actor=self.counselor, member=member, action="view", scope="plan")
        self.recommendation = CareRecommendation.objects.create(
            member=member, counselor=self.counselor, level="iop", outcome_by=self.counselor
        )
        outbox.record(Purpose.REMINDER, Channel.EMAIL, member.email, "Time", to_user=member)
        # Sam's own objects, for the same pages seen by their owner.
        sam = self.other_member
        self.own = {
            "report_id": UseReport.objects.create(
                member=sam,
                occurred_at=timezone.now() - timedelta(hours=30),
                local_date=timezone.localdate() - timedelta(days=1),
                kind="lapse",
            ).pk,
            "contact_id": SupportContact.objects.create(
                member=sam, name="Ari", relationship="friend", email="ari@example.org"
            ).pk,
            "schedule_id": sam.reminder_schedules.get().pk,
            "consent_id": personas.counselor_for(sam).consents_received.get().pk,
        }
        invitation = Invitation.create(
            email="robin@example.org", role=Role.MEMBER, invited_by=self.counselor
        )
        self.token = invitation.new_token()

    def viewer(self, persona: str):
        return None if persona == "anonymous" else getattr(self, persona)

    # Values for the path converters: Alex's objects, and the coordinator's that hold them.
    def kwargs(self) -> dict[str, str]:
        return {
            "consent_id": self.consent.pk,
            "alert_id": self.alert.pk,
            "event_id": self.event.pk,
            "pairing_id": self.pairing.pk,
            "outreach_id": self.outreach.pk,
            "group_id": self.group.pk,
            "membership_id": self.membership.pk,
            "member_id": self.member.pk,
            "report_id": self.report.pk,
            "contact_id": self.contact.pk,
            "schedule_id": self.schedule.pk,
            "recommendation_id": self.recommendation.pk,
            "key": "reasons",
            "questionnaire_id": "bam",
            "token": self.token,
            "uidb64": urlsafe_base64_encode(force_bytes(self.member.pk)),
            "content_type_id": ContentType.objects.get_for_model(type(self.member)).pk,
        }

    def admin_object_id(self, app_label: str, model_name: str) -> int:
        model = apps.get_model(app_label, model_name)
        if model is type(self.member):
            return self.member.pk
        rows = model.objects.all()
        fields = {f.name for f in model._meta.get_fields()}
        for owner in ("member", "plan__member", "to_user", "schedule__member", "about"):
            if owner.split("__")[0] in fields:
                rows = rows.filter(**{owner: self.member})
                break
        first = rows.order_by("pk").first()
        return first.pk if first else 999_999


def url_patterns(patterns=None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """(full route, pattern) for every pattern the site resolves, includes walked."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


ROUTES = dict(url_patterns())
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
ADMIN_MODEL = re.compile(r"^admin/(\w+)/(\w+)/")
# Regular-expression routes (the admin's), written out as one concrete path each.
REGEX_PATHS = {
    "admin/^(?P<app_label>": "admin/accounts/",
    "admin/(?P<url>.*)$": "admin/nothing-here/",
}


def concrete_path(route: str, world: World, *, sams: bool = False) -> str:
    for start, path in REGEX_PATHS.items():
        if route.startswith(start):
            return "/" + path
    values = {**world.kwargs(), **(world.own if sams else {})}
    values["object_id"] = values["id"] = world.member.pk  # the admin's "view on site", password
    if "object_id>" in route and (match := ADMIN_MODEL.match(route)):
        values["object_id"] = world.admin_object_id(*match.groups())
    return "/" + CONVERTER.sub(lambda m: str(values[m.group(1)]), route)


def request(world: World, persona: str, method: str, path: str):
    client = Client(raise_request_exception=False)
    with transaction.atomic():
        viewer = world.viewer(persona)
        if viewer is not None:
            client.force_login(viewer)
        response = getattr(client, method)(path)
        content = b"" if response.streaming else response.content
        transaction.set_rollback(True)
    return response.status_code, content.decode(errors="replace")


def leaks(persona: str, content: str) -> list[str]:
    allowed = MAY_SEE.get(persona, set())
    return [
        m for part, marks in MARKS.items() if part not in allowed for m in marks if m in content
    ]


# Each route: the status of a GET, then of a POST with an empty body, for each persona in
# the order of PERSONAS: anonymous, member (Alex), other_member, counselor (on the team,
# full consent), counselor_partial (plan only), counselor_off_team, coordinator (Alex's
# program, runs Alex's group), coordinator_elsewhere, program_admin (staff, superuser).
# 302 is the sign-in page (or, after a POST, the page to go back to), 403 a page for
# another role, 404 someone else's object, 405 a method the page does not take, 400 a
# form shown again with its errors.
EXPECTED = {
    "admin/": ("302 302 302 302 302 302 302 302 200", "302 302 302 302 302 302 302 302 200"),
    "admin/login/": ("200 200 200 200 200 200 200 200 302", "200 200 200 200 200 200 200 200 200"),
    "admin/logout/": ("302 302 302 302 302 302 302 302 405", "302 302 302 302 302 302 302 302 302"),
    "admin/password_change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/password_change/done/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 405",
    ),
    "admin/autocomplete/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 405",
    ),
    "admin/jsi18n/": ("302 302 302 302 302 302 302 302 200", "302 302 302 302 302 302 302 302 405"),
    "admin/r/<path:content_type_id>/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 404",
        "302 302 302 302 302 302 302 302 404",
    ),
    "admin/auth/group/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/auth/group/add/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/auth/group/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/auth/group/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/auth/group/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/auth/group/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/accounts/user/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/user/add/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/user/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/user/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/user/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/accounts/program/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/program/add/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/program/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/program/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/program/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/program/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/accounts/careassignment/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/careassignment/add/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/careassignment/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/careassignment/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/careassignment/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/careassignment/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/accounts/consent/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/consent/add/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/accounts/consent/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/consent/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/accounts/consent/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/accounts/consent/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/accounts/auditevent/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/auditevent/add/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/accounts/auditevent/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/auditevent/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/accounts/auditevent/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/accounts/auditevent/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/accounts/invitation/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/invitation/add/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/accounts/invitation/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/invitation/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/invitation/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/accounts/invitation/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/messaging/delivery/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/messaging/delivery/add/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/messaging/delivery/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/messaging/delivery/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/messaging/delivery/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/messaging/delivery/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/plans/plan/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/plans/plan/add/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/plans/plan/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/plans/plan/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/plans/plan/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/plans/plan/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/plans/planversion/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/plans/planversion/add/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/plans/planversion/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/plans/planversion/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/plans/planversion/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/plans/planversion/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/plans/planreview/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/plans/planreview/add/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/plans/planreview/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/plans/planreview/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/plans/planreview/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/plans/planreview/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/plans/plancomment/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/plans/plancomment/add/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/plans/plancomment/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/plans/plancomment/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/plans/plancomment/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/plans/plancomment/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/checkins/checkin/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/checkins/checkin/add/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/checkins/checkin/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/checkins/checkin/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/checkins/checkin/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/checkins/checkin/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/measures/measuresettings/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/measures/measuresettings/add/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/measures/measuresettings/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/measures/measuresettings/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/measures/measuresettings/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/measures/measuresettings/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/reminders/reminderdelivery/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/reminders/reminderdelivery/add/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/reminders/reminderdelivery/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/reminders/reminderdelivery/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/reminders/reminderdelivery/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/reminders/reminderdelivery/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/alumni/alumnigroup/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/alumni/alumnigroup/add/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/alumni/alumnigroup/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/alumni/alumnigroup/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/alumni/alumnigroup/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/alumni/alumnigroup/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/alumni/event/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/alumni/event/add/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/alumni/event/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/alumni/event/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/alumni/event/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/alumni/event/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/^(?P<app_label>auth|accounts|messaging|plans|checkins|measures|reminders|alumni|outcomes)/$": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/(?P<url>.*)$": (
        "302 302 302 302 302 302 302 302 404",
        "302 302 302 302 302 302 302 302 404",
    ),
    "": ("302 302 302 302 302 302 302 302 302", "302 302 302 302 302 302 302 302 302"),
    "today/": ("302 200 200 403 403 403 403 403 403", "302 200 200 403 403 403 403 403 403"),
    "help/": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
    "help/my-card/": (
        "302 200 200 403 403 403 403 403 403",
        "302 405 405 403 403 403 403 403 403",
    ),
    "offline/": ("200 200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405 405"),
    "sw.js": ("200 200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405 405"),
    "manifest.webmanifest": (
        "200 200 200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405 405 405",
    ),
    "checkin/now/": ("200 200 200 200 200 200 200 200 200", "302 302 302 302 302 302 302 302 302"),
    "checkin/now/<int:report_id>/": (
        "302 200 404 403 403 403 403 403 403",
        "302 200 404 403 403 403 403 403 403",
    ),
    "invite/<str:token>/": (
        "200 200 200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200 200 200",
    ),
    "accounts/signup/": (
        "404 404 404 404 404 404 404 404 404",
        "404 404 404 404 404 404 404 404 404",
    ),
    "contacts/": ("302 200 200 403 403 403 403 403 403", "302 200 200 403 403 403 403 403 403"),
    "checkin/response/": (
        "302 200 302 403 403 403 403 403 403",
        "302 200 302 403 403 403 403 403 403",
    ),
    "counselor/": ("302 403 403 200 200 200 403 403 403", "302 403 403 200 200 200 403 403 403"),
    "counselor/clients/<int:member_id>/": (
        "302 403 403 200 200 404 403 403 403",
        "302 403 403 200 200 404 403 403 403",
    ),
    "counselor/clients/<int:member_id>/fhir/": (
        "405 405 405 405 405 405 405 405 405",
        "302 403 403 200 403 404 403 403 403",
    ),
    "fhir/Questionnaire/<slug:questionnaire_id>": (
        "200 200 200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405 405 405",
    ),
    "counselor/clients/<int:member_id>/plan/history/": (
        "302 403 403 200 200 404 403 403 403",
        "302 403 403 200 200 404 403 403 403",
    ),
    "invitations/": ("302 403 403 200 200 200 200 200 200", "302 403 403 200 200 200 200 200 200"),
    "account/": ("302 200 200 200 200 200 200 200 200", "302 200 200 200 200 200 200 200 200"),
    # The footer's language choice: a redirect back for everyone, whatever is asked.
    "language/": ("302 302 302 302 302 302 302 302 302", "302 302 302 302 302 302 302 302 302"),
    "account/access-log/": (
        "302 200 200 403 403 403 403 403 403",
        "302 200 200 403 403 403 403 403 403",
    ),
    "accounts/login/": (
        "200 302 302 302 302 302 302 302 302",
        "200 302 302 302 302 302 302 302 302",
    ),
    "accounts/logout/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 302 302 302 302 302 302 302",
    ),
    "accounts/password_change/": (
        "302 200 200 200 200 200 200 200 200",
        "302 200 200 200 200 200 200 200 200",
    ),
    "accounts/password_change/done/": (
        "302 200 200 200 200 200 200 200 200",
        "302 405 405 405 405 405 405 405 405",
    ),
    "accounts/password_reset/": (
        "200 200 200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200 200 200",
    ),
    "accounts/password_reset/done/": (
        "200 200 200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405 405 405",
    ),
    "accounts/reset/<uidb64>/<token>/": (
        "200 200 200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200 200 200",
    ),
    "accounts/reset/done/": (
        "200 200 200 200 200 200 200 200 200",
        "405 405 405 405 405 405 405 405 405",
    ),
    "plan/": ("302 200 200 403 403 403 403 403 403", "302 200 200 403 403 403 403 403 403"),
    "plan/history/": ("302 200 200 403 403 403 403 403 403", "302 200 200 403 403 403 403 403 403"),
    "plan/print/": ("302 200 302 403 403 403 403 403 403", "302 200 302 403 403 403 403 403 403"),
    "plan/<slug:key>/": (
        "302 200 200 403 403 403 403 403 403",
        "302 200 200 403 403 403 403 403 403",
    ),
    "counselor/clients/<int:member_id>/plan/review/": (
        "405 405 405 405 405 405 405 405 405",
        "302 403 403 302 302 404 403 403 403",
    ),
    "counselor/clients/<int:member_id>/plan/comments/": (
        "405 405 405 405 405 405 405 405 405",
        "302 403 403 302 302 404 403 403 403",
    ),
    "checkin/": ("302 200 200 403 403 403 403 403 403", "302 200 200 403 403 403 403 403 403"),
    "checkins/": ("302 200 200 403 403 403 403 403 403", "302 200 200 403 403 403 403 403 403"),
    "check-up/": ("302 200 200 403 403 403 403 403 403", "302 302 302 403 403 403 403 403 403"),
    "check-up/question/": (
        "302 302 302 403 403 403 403 403 403",
        "302 302 302 403 403 403 403 403 403",
    ),
    "check-up/results/": (
        "302 200 200 403 403 403 403 403 403",
        "302 200 200 403 403 403 403 403 403",
    ),
    "counselor/clients/<int:member_id>/check-ups/": (
        "302 403 403 200 404 404 403 403 403",
        "302 403 403 200 404 404 403 403 403",
    ),
    "checkin/now/tell/": (
        "302 200 200 403 403 403 403 403 403",
        "302 302 302 403 403 403 403 403 403",
    ),
    "checkin/now/record/": (
        "302 200 200 403 403 403 403 403 403",
        "302 200 200 403 403 403 403 403 403",
    ),
    "checkin/now/<int:report_id>/reflect/": (
        "302 200 404 403 403 403 403 403 403",
        "302 200 404 403 403 403 403 403 403",
    ),
    "checkin/now/<int:report_id>/to-plan/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 404 403 403 403 403 403 403",
    ),
    "checkin/reminders/": (
        "302 200 200 403 403 403 403 403 403",
        "302 200 200 403 403 403 403 403 403",
    ),
    "checkin/reminders/<int:schedule_id>/": (
        "302 200 404 403 403 403 403 403 403",
        "302 200 404 403 403 403 403 403 403",
    ),
    "checkin/reminders/<int:schedule_id>/delete/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 404 403 403 403 403 403 403",
    ),
    "checkin/reminders/settings/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 302 403 403 403 403 403 403",
    ),
    "checkin/reminders/resume/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 302 403 403 403 403 403 403",
    ),
    # An empty body is no subscription (and without VAPID keys none is taken).
    "checkin/reminders/phone/": (
        "405 405 405 405 405 405 405 405 405",
        "302 400 400 403 403 403 403 403 403",
    ),
    "checkin/reminders/phone/stop/": (
        "405 405 405 405 405 405 405 405 405",
        "302 400 400 403 403 403 403 403 403",
    ),
    "checkin/reminders/texts/": (
        "302 200 200 403 403 403 403 403 403",
        "302 200 200 403 403 403 403 403 403",
    ),
    # Unsigned, so refused whoever is signed in.
    "texting/inbound/": (
        "405 405 405 405 405 405 405 405 405",
        "403 403 403 403 403 403 403 403 403",
    ),
    "alerts/": ("302 403 403 200 200 200 403 403 403", "302 403 403 200 200 200 403 403 403"),
    "alerts/<int:alert_id>/": (
        "405 405 405 405 405 405 405 405 405",
        "302 403 403 302 404 404 403 403 403",
    ),
    "help/struggling/": (
        "302 302 302 403 403 403 403 403 403",
        "302 302 302 403 403 403 403 403 403",
    ),
    "help/struggling/tell/": (
        "302 405 405 403 403 403 403 403 403",
        "302 302 302 403 403 403 403 403 403",
    ),
    "help/struggling/steps/": (
        "302 200 200 403 403 403 403 403 403",
        "302 405 405 403 403 403 403 403 403",
    ),
    "contacts/new/": ("302 200 200 403 403 403 403 403 403", "302 200 200 403 403 403 403 403 403"),
    "contacts/<int:contact_id>/edit/": (
        "302 200 404 403 403 403 403 403 403",
        "302 200 404 403 403 403 403 403 403",
    ),
    "contacts/<int:contact_id>/delete/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 404 403 403 403 403 403 403",
    ),
    "contacts/<int:contact_id>/move/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 404 403 403 403 403 403 403",
    ),
    "community/": ("302 200 200 403 403 403 403 403 403", "302 200 200 403 403 403 403 403 403"),
    "community/events/<int:event_id>/rsvp/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 404 403 403 403 403 403 403",
    ),
    "community/events/<int:event_id>/cancel/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 404 403 403 403 403 403 403",
    ),
    "community/peer/<int:pairing_id>/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 404 403 403 403 403 403 403",
    ),
    "alumni/": ("302 403 403 403 403 403 200 200 200", "302 403 403 403 403 403 200 200 200"),
    "alumni/follow-ups/<int:outreach_id>/done/": (
        "405 405 405 405 405 405 405 405 405",
        "302 403 403 403 403 403 302 404 404",
    ),
    "alumni/groups/new/": (
        "302 403 403 403 403 403 200 200 302",
        "302 403 403 403 403 403 200 200 302",
    ),
    "alumni/groups/<int:group_id>/": (
        "302 403 403 403 403 403 200 404 404",
        "302 403 403 403 403 403 200 404 404",
    ),
    "alumni/groups/<int:group_id>/edit/": (
        "302 403 403 403 403 403 200 404 404",
        "302 403 403 403 403 403 200 404 404",
    ),
    "alumni/groups/<int:group_id>/delete/": (
        "405 405 405 405 405 405 405 405 405",
        "302 403 403 403 403 403 302 404 404",
    ),
    "alumni/groups/<int:group_id>/members/add/": (
        "405 405 405 405 405 405 405 405 405",
        "302 403 403 403 403 403 400 404 404",
    ),
    "alumni/groups/<int:group_id>/members/<int:membership_id>/remove/": (
        "405 405 405 405 405 405 405 405 405",
        "302 403 403 403 403 403 302 404 404",
    ),
    "alumni/events/": (
        "302 403 403 403 403 403 200 200 200",
        "302 403 403 403 403 403 200 200 200",
    ),
    "alumni/events/new/": (
        "302 403 403 403 403 403 200 302 302",
        "302 403 403 403 403 403 200 302 302",
    ),
    "alumni/events/<int:event_id>/": (
        "302 403 403 403 403 403 200 404 404",
        "302 403 403 403 403 403 200 404 404",
    ),
    "alumni/events/<int:event_id>/edit/": (
        "302 403 403 403 403 403 200 404 404",
        "302 403 403 403 403 403 200 404 404",
    ),
    "alumni/events/<int:event_id>/attendance/": (
        "405 405 405 405 405 405 405 405 405",
        "302 403 403 403 403 403 302 404 404",
    ),
    "alumni/events/<int:event_id>/walk-in/": (
        "405 405 405 405 405 405 405 405 405",
        "302 403 403 403 403 403 302 404 404",
    ),
    "alumni/peers/": ("302 403 403 403 403 403 200 200 200", "302 403 403 403 403 403 200 200 200"),
    "alumni/peers/<int:pairing_id>/end/": (
        "405 405 405 405 405 405 405 405 405",
        "302 403 403 403 403 403 302 404 404",
    ),
    "alumni/drift/": ("302 403 403 403 403 403 200 200 200", "302 403 403 403 403 403 200 200 200"),
    "alumni/drift/invite/": (
        "405 405 405 405 405 405 405 405 405",
        "302 403 403 403 403 403 302 302 302",
    ),
    "alumni/members/<int:member_id>/": (
        "302 403 403 403 403 403 200 404 404",
        "302 403 403 403 403 403 400 404 404",
    ),
    "account/access-log/download/": (
        "302 200 200 403 403 403 403 403 403",
        "302 200 200 403 403 403 403 403 403",
    ),
    "account/close/": (
        "302 200 200 403 403 403 403 403 403",
        "302 200 200 403 403 403 403 403 403",
    ),
    "account/my-data/": (
        "302 200 200 403 403 403 403 403 403",
        "302 400 400 403 403 403 403 403 403",
    ),
    "account/sharing/": (
        "302 200 200 403 403 403 403 403 403",
        "302 400 400 403 403 403 403 403 403",
    ),
    "account/sharing/<int:consent_id>/stop/": (
        "302 200 404 403 403 403 403 403 403",
        "302 400 404 403 403 403 403 403 403",
    ),
    "account/still-here/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 302 302 302 302 302 302 302",
    ),
    "account/two-step/": (
        "302 200 200 200 200 200 200 200 200",
        "302 200 200 200 200 200 200 200 200",
    ),
    "account/two-step/new-codes/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 302 200 200 200 200 200 200",
    ),
    "account/two-step/set-up/": (
        "302 200 200 302 302 302 302 302 302",
        "302 200 200 302 302 302 302 302 302",
    ),
    "account/two-step/turn-off/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 302 302 302 302 302 302 302",
    ),
    "accounts/login/code/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/accounts/user/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "care/": (
        "302 200 200 403 403 403 403 403 403",
        "302 200 200 403 403 403 403 403 403",
    ),
    "care/more-support/": (
        "302 200 200 403 403 403 403 403 403",
        "302 200 200 403 403 403 403 403 403",
    ),
    "checkin/now/more-support/": (
        "302 200 200 403 403 403 403 403 403",
        "302 200 200 403 403 403 403 403 403",
    ),
    "checkin/reminders/undo/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 302 403 403 403 403 403 403",
    ),
    "contacts/undo/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 302 403 403 403 403 403 403",
    ),
    "counselor/clients/<int:member_id>/care/recommendations/": (
        "405 405 405 405 405 405 405 405 405",
        "302 403 403 302 302 404 403 403 403",
    ),
    "counselor/clients/<int:member_id>/care/recommendations/<int:recommendation_id>/outcome/": (
        "405 405 405 405 405 405 405 405 405",
        "302 403 403 302 302 404 403 403 403",
    ),
    "favicon.ico": (
        "301 301 301 301 301 301 301 301 301",
        "301 301 301 301 301 301 301 301 301",
    ),
    "goodbye/": (
        "200 200 200 200 200 200 200 200 200",
        "200 200 200 200 200 200 200 200 200",
    ),
    "plan/undo/": (
        "405 405 405 405 405 405 405 405 405",
        "302 302 302 403 403 403 403 403 403",
    ),
    "staff/accounting/": (
        "302 403 403 403 403 403 403 403 200",
        "302 403 403 403 403 403 403 403 200",
    ),
    # Program outcomes: the program's counselors and coordinators, and program admins.
    "program/outcomes/": (
        "302 403 403 200 200 200 200 200 200",
        "405 405 405 405 405 405 405 405 405",
    ),
    "program/outcomes.csv": (
        "302 403 403 200 200 200 200 200 200",
        "405 405 405 405 405 405 405 405 405",
    ),
    "admin/outcomes/outcomecell/": (
        "302 302 302 302 302 302 302 302 200",
        "302 302 302 302 302 302 302 302 200",
    ),
    "admin/outcomes/outcomecell/add/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/outcomes/outcomecell/<path:object_id>/history/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
    "admin/outcomes/outcomecell/<path:object_id>/delete/": (
        "302 302 302 302 302 302 302 302 403",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/outcomes/outcomecell/<path:object_id>/change/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 403",
    ),
    "admin/outcomes/outcomecell/<path:object_id>/": (
        "302 302 302 302 302 302 302 302 302",
        "302 302 302 302 302 302 302 302 302",
    ),
}

OUTSIDERS = ("anonymous", "other_member", "counselor_off_team", "coordinator_elsewhere")
ALEX_IN_PATH = re.compile(r"<int:(report_id|contact_id|schedule_id|consent_id|alert_id)>")


def test_the_table_names_every_url_pattern():
    assert sorted(set(ROUTES) - set(EXPECTED)) == [], "add the new URL patterns to EXPECTED"
    assert sorted(set(EXPECTED) - set(ROUTES)) == [], "remove the patterns that are gone"


def test_the_table_has_no_server_error_and_outsiders_get_nothing_of_alexs():
    for route, answers in EXPECTED.items():
        for method, statuses in zip(("GET", "POST"), answers, strict=True):
            by_persona = dict(zip(PERSONAS, map(int, statuses.split()), strict=True))
            assert max(by_persona.values()) < 500, (method, route)
            if ALEX_IN_PATH.search(route):
                for persona in OUTSIDERS:
                    assert by_persona[persona] in {302, 403, 404, 405}, (method, route, persona)


@pytest.mark.parametrize("route", [r for r in EXPECTED if r in ROUTES])
def test_each_persona_gets_its_answer_and_nothing_it_may_not_see(route):
    world = World()
    path = concrete_path(route, world)
    wrong, leaked = [], []
    for method, statuses in zip(("get", "post"), EXPECTED[route], strict=True):
        for persona, expected in zip(PERSONAS, statuses.split(), strict=True):
            status, content = request(world, persona, method, path)
            if status != int(expected):
                wrong.append(f"{method.upper()} {path} as {persona}: {status}, not {expected}")
            if found := leaks(persona, content):
                leaked.append(f"{method.upper()} {path} as {persona} shows {found}")
    assert leaked == []
    assert wrong == []


@pytest.mark.parametrize(
    ("persona", "path", "shown", "hidden"),
    [
        ("member", "/plan/", MARK_PLAN, None),
        ("member", "/contacts/", MARK_CONTACT, None),
        ("member", "/checkins/", MARK_CHECKIN, None),
        ("counselor", "/counselor/clients/{member}/", MARK_CHECKIN, MARK_CONTACT),
        ("counselor", "/counselor/clients/{member}/", MARK_PLAN, MARK_CONTACT),
        ("counselor_partial", "/counselor/clients/{member}/", MARK_PLAN, MARK_CHECKIN),
    ],
)
def test_the_markers_show_where_they_are_shared(persona, path, shown, hidden):
    """The leak check can fail: each marker is on the pages of those who may see it."""
    world = World()
    path = path.format(report=world.report.pk, member=world.member.pk)
    status, content = request(world, persona, "get", path)
    assert status == 200
    assert shown in content
    assert hidden is None or hidden not in content


OWN_OBJECT = re.compile(r"<int:(report_id|contact_id|schedule_id|consent_id)>")


@pytest.mark.parametrize("route", [r for r in EXPECTED if OWN_OBJECT.search(r)])
def test_another_member_gets_on_their_own_objects_what_alex_gets_on_hers(route):
    """The 404s above are about whose object it is: Sam's own work for Sam like Alex's."""
    world = World()
    path = concrete_path(route, world, sams=True)
    alex = {
        m: s.split()[PERSONAS.index("member")]
        for m, s in zip(("get", "post"), EXPECTED[route], strict=True)
    }
    for method, expected in alex.items():
        status, content = request(world, "other_member", method, path)
        assert status == int(expected), (method, path)
        assert leaks("other_member", content) == []
