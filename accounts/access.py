"""The access gate: the one place that decides who may see what about a member.

Rules (DESIGN.md, "The access gate"):
- a member always sees their own record;
- a counselor sees a scope of a member only while on the member's active care
  team AND under an active consent from the member covering that scope;
- a coordinator sees engagement (checked in or not, attended or not) of members
  of their program, and content scopes only under an active consent;
- nobody else sees anything, program admins included.

Views call `require_access` (or use `MemberRecordMixin`); each granted view of
another person's record writes one AuditEvent. Refusals answer 404 so that an
outsider cannot learn who exists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any, cast

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.http import AuthenticatedHttpRequest
from accounts.models import (
    CONSENT_SCOPES,
    REFUSED,
    AuditEvent,
    CareAssignment,
    Consent,
    Role,
    Scope,
    User,
)

# Each rule is written once, as a query over the side being listed; the other side is a
# known person. `visible_members` lists members for one viewer, `viewers_of` lists viewers
# of one member, and `can_view` asks `visible_members` about one member: they cannot differ.
#
# A person on either side is a pk or OuterRef("pk") (the row being listed).
Ref = int | OuterRef
NOBODY = Q(pk__in=[])


def _care_links() -> QuerySet[CareAssignment]:
    return CareAssignment.objects.active()


def _on_care_team(*, counselor: Ref, member: Ref) -> Q:
    # Q() takes an OuterRef where the typed filter() lookups would not.
    return Q(Exists(_care_links().filter(Q(counselor=counselor, member=member))))


def _relied_on(
    scopes: Collection[Scope], *, viewer: Ref, member: Ref | None = None
) -> QuerySet[Consent]:
    """The consents that let `viewer` see any of `scopes` of `member` (of anyone when None),
    newest first (`Consent.covers` says which scopes each one covers)."""
    # A consent that ends "when this person no longer works with me in the program" holds
    # while both are in the same program (a counselor must also be on the care team, below).
    still_works_with = Q(expiry_event="") | Q(recipient__program_id=F("member__program_id"))
    consents = Consent.objects.active().covering_any(scopes).filter(still_works_with)
    consents = consents.filter(Q(recipient=viewer))
    if member is not None:
        consents = consents.filter(Q(member=member))
    return consents.order_by("-granted_at", "-pk")


def _consented(scope: Scope, *, viewer: Ref, member: Ref) -> Q:
    return Q(Exists(_relied_on([scope], viewer=viewer, member=member)))


def _same_program(program_id: int | None) -> Q:
    # The row's program is the other person's; people in no program share none.
    return Q(program_id=program_id) if program_id is not None else NOBODY


def _grants(role: str, scope: Scope, *, viewer: Ref, member: Ref, program_id: int | None) -> Q:
    """What lets a viewer of `role` see `scope` of a member (the DESIGN.md table)."""
    if role == Role.COUNSELOR:
        on_team = _on_care_team(counselor=viewer, member=member)
        if scope == Scope.ENGAGEMENT:
            return on_team
        return on_team & _consented(scope, viewer=viewer, member=member)
    if role == Role.COORDINATOR:
        if scope == Scope.ENGAGEMENT:
            return _same_program(program_id)
        return _consented(scope, viewer=viewer, member=member)
    return NOBODY  # members see only themselves; program admins get no more than their role


VIEWER_ROLES = (Role.COUNSELOR, Role.COORDINATOR)
OPEN_RECORD = Q(role=Role.MEMBER, is_active=True)  # a member whose record others may see


def _signed_in(viewer: User | AnonymousUser) -> User | None:
    if isinstance(viewer, User) and viewer.is_active:
        return viewer
    return None


def _visible(viewer: User | AnonymousUser, scope: Scope) -> Q:
    """The members (as a filter on User rows) whose `scope` the viewer may see."""
    user = _signed_in(viewer)
    if user is None:
        return NOBODY
    if user.role == Role.MEMBER:
        return OPEN_RECORD & Q(pk=user.pk)
    rule = _grants(
        user.role, scope, viewer=user.pk, member=OuterRef("pk"), program_id=user.program_id
    )
    return OPEN_RECORD & rule


def visible_members(viewer: User | AnonymousUser, scope: Scope) -> QuerySet[User]:
    """Every member whose `scope` the viewer may see, as one query (for lists)."""
    return User.objects.filter(_visible(viewer, scope))


def shares(viewer: User | AnonymousUser, scope: Scope) -> ExpressionWrapper:
    """An annotation for a list of members: may the viewer see `scope` of this row's member?

    Lets a page that lists members by one scope mark which of them share another,
    in the same query (the caseload: engagement rows, plan and alert marks).
    """
    # The same rule as `visible_members`, as one uncorrelated IN (...): the database works
    # out the set once (and hashes it) instead of re-running the rule's EXISTS per row.
    visible = Q(pk__in=visible_members(viewer, scope).values("pk"))
    return ExpressionWrapper(visible, output_field=BooleanField())


def viewers_of(member: User, scope: Scope, *, role: str | None = None) -> QuerySet[User]:
    """Everyone else whom the gate lets see `scope` of the member (of one `role` if given)."""
    open_record = Exists(User.objects.filter(OPEN_RECORD, pk=member.pk))
    viewers = User.objects.filter(open_record, is_active=True).exclude(pk=member.pk)
    rule = NOBODY
    for viewer_role in VIEWER_ROLES:
        if role is None or role == viewer_role:
            rule |= Q(role=viewer_role) & _grants(
                viewer_role,
                scope,
                viewer=OuterRef("pk"),
                member=member.pk,
                program_id=member.program_id,
            )
    return viewers.filter(rule)


# Accounts that run the site (the admin) rather than care for members. They get no more than
# their role from the gate, and are never offered to a member as someone to share with.
SITE_ADMIN = Q(is_staff=True) | Q(is_superuser=True)


def consent_recipients(member: User) -> QuerySet[User]:
    """Whom a member may share with: the people the gate lets see their engagement (their
    care team and their program's alumni coordinators), less site admin accounts."""
    return viewers_of(member, Scope.ENGAGEMENT).exclude(SITE_ADMIN)


def counselors_who_see(member: User, scope: Scope) -> QuerySet[User]:
    """The member's counselors whom the gate lets see `scope` (who an alert goes to)."""
    return viewers_of(member, scope, role=Role.COUNSELOR)


def care_teams(member_ids: Iterable[int]) -> dict[int, list[User]]:
    """Each member's counselors who see their engagement, i.e. their care team (one query).

    For pages that name a team without opening the record ("waiting in your program").
    """
    # The counselor rule for engagement (`_grants`) is "on the active care team" alone, so
    # the care links themselves, between an open record and an active counselor, are it.
    members = User.objects.filter(OPEN_RECORD, pk__in=list(member_ids))
    counselors = User.objects.filter(role=Role.COUNSELOR, is_active=True)
    links = (
        _care_links()
        .filter(member__in=members, counselor__in=counselors)
        .select_related("counselor")
    )
    teams: dict[int, list[User]] = defaultdict(list)
    for link in links:
        teams[link.member_id].append(link.counselor)
    return teams


def can_view(viewer: User | AnonymousUser, member: User, scope: Scope) -> bool:
    """May `viewer` see `scope` of `member`'s record? (At most one query.)"""
    user = _signed_in(viewer)
    if user is None:
        return False
    if user.pk == member.pk:
        return True  # everyone sees their own record, whatever their role
    return visible_members(user, scope).filter(pk=member.pk).exists()


def consents_relied_on(viewer: User, member_ids: Iterable[int], scope: Scope) -> dict[int, Consent]:
    """For each member, the consent that lets `viewer` see `scope` now (one query).

    What an audit event records and what the redisclosure notice names. Engagement needs
    no consent (the gate's rule), so it has none.
    """
    return consents_relied_on_each(viewer, {scope: member_ids}).get(scope, {})


def consents_relied_on_each(
    viewer: User, shown: Mapping[Scope, Iterable[int]]
) -> dict[Scope, dict[int, Consent]]:
    """`consents_relied_on` for several parts of the record at once, each for its own members
    (one query for a page that shows several parts): for each scope, each of its members'
    newest consent covering it."""
    wanted = {
        scope: {pk for pk in ids if pk != viewer.pk}
        for scope, ids in shown.items()
        if scope in CONSENT_SCOPES
    }
    found: dict[Scope, dict[int, Consent]] = {scope: {} for scope in wanted}
    everyone = set().union(*wanted.values())
    if not everyone:
        return found
    rows = _relied_on(list(wanted), viewer=viewer.pk).filter(member_id__in=everyone)
    for consent in rows.select_related("member"):
        for scope, ids in wanted.items():
            if consent.member_id in ids and consent.covers(scope):
                found[scope].setdefault(consent.member_id, consent)  # newest first: it wins
    return found


def _audit(
    request: AuthenticatedHttpRequest,
    member: User,
    scope: Scope,
    action: str,
    consent: Consent | None,
    at: datetime,
    obj: Any = None,
) -> AuditEvent:
    return AuditEvent(
        actor=request.user,
        member=member,
        action=action,
        scope=scope,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        at=at,
        ip=client_ip(request),
        consent=consent,
        purpose=consent.purpose if consent else "",
    )


ListShown = tuple[Scope, list[User], str]  # a part of the record, whom it shows it for, action


def record_list_view(
    request: AuthenticatedHttpRequest, members: list[User], scope: Scope, *, action: str
) -> dict[int, Consent]:
    """Audit a list that shows part of several members' records: one event each, with the
    consent each relied on (two queries). Returns those consents, for the notice."""
    return _record_list(request, [(scope, members, action)]).get(scope, {})


def record_list_views(
    request: AuthenticatedHttpRequest, shown: Iterable[ListShown]
) -> list[Consent]:
    """Audit a page that shows several parts of several members' records: one event for each
    part and member, in one insert, with the consent each relied on (one query for all the
    parts). Returns the consents, for the notice."""
    consents = _record_list(request, shown)
    return [consent for found in consents.values() for consent in found.values()]


def _record_list(
    request: AuthenticatedHttpRequest, shown: Iterable[ListShown]
) -> dict[Scope, dict[int, Consent]]:
    viewer = request.user
    parts = [
        (scope, [m for m in members if m.pk != viewer.pk], action)
        for scope, members, action in shown
    ]
    members_of: dict[Scope, list[int]] = defaultdict(list)
    for scope, members, _ in parts:
        members_of[scope].extend(m.pk for m in members)
    consents = consents_relied_on_each(viewer, members_of)
    now = timezone.now()
    events = [
        _audit(request, member, scope, action, consents.get(scope, {}).get(member.pk), now)
        for scope, members, action in parts
        for member in members
    ]
    AuditEvent.objects.bulk_create(events)
    return consents


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR is the proxy's address behind a proxy; trust the forwarded
    # header only when settings say the proxy sets it (SECURE_PROXY_SSL_HEADER).
    from django.conf import settings

    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def record_view(
    request: AuthenticatedHttpRequest,
    member: User,
    scope: Scope,
    *,
    action: str = "view",
    obj: Any = None,
) -> AuditEvent | None:
    """Write the audit event for a granted view, naming the consent it relied on (which
    the page's redisclosure notice names too: `event.consent`). Nothing when members see
    themselves."""
    viewer = request.user
    if viewer.pk == member.pk:
        return None
    consent = consents_relied_on(viewer, [member.pk], scope).get(member.pk)
    event = _audit(request, member, scope, action, consent, timezone.now(), obj)
    event.save()
    return event


def record_refusal(request: HttpRequest, member: User, scope: Scope, *, action: str) -> None:
    """An attempt the gate turned away, kept where the member and the program can see it."""
    viewer = _signed_in(request.user)
    if viewer is None or viewer.pk == member.pk:
        return  # nobody signed in to name (every record view sits behind sign-in)
    AuditEvent.objects.create(
        actor=viewer,
        member=member,
        action=REFUSED,
        scope=scope,
        object_type=action[:64],
        at=timezone.now(),
        ip=client_ip(request),
    )


def require_access(
    request: HttpRequest,
    member_id: Any,
    scope: Scope,
    *,
    action: str = "view",
    obj: Any = None,
) -> User:
    """Return the member if the request's user may see `scope`; audit it; else 404.

    The one place a refusal about an existing member is decided, so it is recorded here.
    """
    member = get_object_or_404(User, pk=member_id, role=Role.MEMBER)
    if not can_view(request.user, member, scope):
        record_refusal(request, member, scope, action=action)
        raise Http404("No such member")
    # can_view said yes, so the request's user is signed in.
    record_view(cast(AuthenticatedHttpRequest, request), member, scope, action=action, obj=obj)
    return member


class MemberRecordMixin(LoginRequiredMixin):
    """For class-based views of another person's record: sets self.member or answers 404.

    Subclasses set `scope` (and may set `audit_action`); the URL carries `member_id`.
    """

    scope: Scope
    audit_action = "view"
    member: User

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.member = require_access(
            request, kwargs["member_id"], self.scope, action=self.audit_action
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["member"] = self.member
        return context
