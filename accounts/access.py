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

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import AuditEvent, CareAssignment, Consent, Role, Scope, User


def _has_consent(viewer: User, member: User, scope: Scope) -> bool:
    return Consent.objects.active().covering(scope).filter(member=member, recipient=viewer).exists()


def can_view(viewer: Any, member: User, scope: Scope) -> bool:
    """May `viewer` see `scope` of `member`'s record?"""
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return False
    if viewer.pk == member.pk:
        return True
    if member.role != Role.MEMBER or not member.is_active:
        return False
    if viewer.role == Role.COUNSELOR:
        on_team = CareAssignment.objects.active().filter(counselor=viewer, member=member).exists()
        if scope == Scope.ENGAGEMENT:
            return on_team
        return on_team and _has_consent(viewer, member, scope)
    if viewer.role == Role.COORDINATOR:
        if scope == Scope.ENGAGEMENT:
            return viewer.program_id is not None and viewer.program_id == member.program_id
        return _has_consent(viewer, member, scope)
    return False


def visible_members(viewer: User, scope: Scope) -> QuerySet[User]:
    """Every member whose `scope` the viewer may see, as one query (for lists)."""
    members = User.objects.filter(role=Role.MEMBER, is_active=True)
    if viewer.role == Role.COUNSELOR:
        on_team = CareAssignment.objects.active().filter(counselor=viewer, member=OuterRef("pk"))
        members = members.filter(Exists(on_team))
        if scope == Scope.ENGAGEMENT:
            return members
    elif viewer.role == Role.COORDINATOR:
        if scope == Scope.ENGAGEMENT:
            return (
                members.filter(program_id=viewer.program_id)
                if viewer.program_id
                else members.none()
            )
    else:
        return members.filter(pk=viewer.pk)
    consented = (
        Consent.objects.active().covering(scope).filter(recipient=viewer, member=OuterRef("pk"))
    )
    return members.filter(Exists(consented))


def counselors_who_see(member: User, scope: Scope) -> QuerySet[User]:
    """The member's counselors whom the gate lets see `scope` (who an alert goes to)."""
    on_team = CareAssignment.objects.active().filter(member=member, counselor=OuterRef("pk"))
    consented = (
        Consent.objects.active().covering(scope).filter(member=member, recipient=OuterRef("pk"))
    )
    counselors = User.objects.filter(role=Role.COUNSELOR, is_active=True).filter(Exists(on_team))
    if scope == Scope.ENGAGEMENT:
        return counselors
    return counselors.filter(Exists(consented))


def record_list_view(
    request: HttpRequest, members: list[User], scope: Scope, *, action: str
) -> None:
    """Audit a list that shows part of several members' records: one event each, one query."""
    viewer: Any = request.user
    now = timezone.now()
    ip = client_ip(request)
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=viewer, member=m, action=action, scope=scope, at=now, ip=ip)
        for m in members
        if m.pk != viewer.pk
    )


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
    request: HttpRequest,
    member: User,
    scope: Scope,
    *,
    action: str = "view",
    obj: Any = None,
) -> AuditEvent | None:
    """Write the audit event for a granted view; nothing when members see themselves."""
    viewer: Any = request.user
    if viewer.pk == member.pk:
        return None
    return AuditEvent.objects.create(
        actor=viewer,
        member=member,
        action=action,
        scope=scope,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
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
    """Return the member if the request's user may see `scope`; audit it; else 404."""
    member = get_object_or_404(User, pk=member_id, role=Role.MEMBER)
    if not can_view(request.user, member, scope):
        raise Http404("No such member")
    record_view(request, member, scope, action=action, obj=obj)
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
