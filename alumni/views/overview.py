"""The coordinator's overview"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import program_today
from alumni import drift as drift_rules
from alumni.models import Event, Outreach
from alumni.network import groups_coordinated_by
from alumni.views.coordinator import (
    audit_shown,
    back_to,
    coordinator,
    coordinator_view,
    program_members,
)


@coordinator_view
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    me = coordinator(request)
    visible = program_members(request)
    groups = (
        groups_coordinated_by(me)
        .annotate(member_count=Count("memberships", filter=Q(memberships__member__in=visible)))
        .order_by("name")
    )
    due = list(
        Outreach.objects.filter(
            member__in=program_members(request),
            follow_up_done=False,
            follow_up_on__lte=program_today(),
        )
        .select_related("member", "coordinator")
        .order_by("follow_up_on", "pk")
    )
    audit_shown(request, (o.member for o in due), "view_follow_ups")
    upcoming = (
        Event.objects.filter(group__in=groups_coordinated_by(me), ends_at__gt=timezone.now())
        .select_related("group")
        .with_places()
        .order_by("starts_at")[:5]
    )
    context = {
        "groups": groups,
        "due": due,
        "upcoming": upcoming,
        "drifting_count": drift_rules.drifting(me).count(),
        "drift_days": drift_rules.drift_days(),
        "today": program_today(),
    }
    return render(request, "alumni/overview.html", context)


@require_POST
@coordinator_view
def follow_up_done(request: AuthenticatedHttpRequest, outreach_id: int) -> HttpResponse:
    outreach = get_object_or_404(
        Outreach.objects.select_related("member"),
        pk=outreach_id,
        member__in=program_members(request),
    )
    Outreach.objects.filter(pk=outreach.pk).update(follow_up_done=True)
    messages.success(
        request,
        _("Follow-up with %(name)s marked done.") % {"name": outreach.member.display_name},
    )
    return back_to(request, "alumni_overview")
