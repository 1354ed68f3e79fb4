"""Alumni groups and their members"""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from alumni.engagement import group_chart
from alumni.forms import (
    GroupForm,
    MembershipForm,
)
from alumni.models import AlumniGroup, GroupMembership
from alumni.views.coordinator import (
    audit_shown,
    coordinator,
    coordinator_view,
    my_group,
    program_members,
)


@coordinator_view
def group_edit(request: AuthenticatedHttpRequest, group_id: int | None = None) -> HttpResponse:
    me = coordinator(request)
    if group_id is None and me.program is None:
        messages.error(
            request,
            _("Your account is not linked to a program yet. A program admin can link it."),
        )
        return redirect("alumni_overview")
    group = my_group(request, group_id) if group_id else AlumniGroup(program=me.program)
    form = GroupForm(request.POST or None, instance=group, program=group.program)
    if request.method == "POST" and form.is_valid():
        created = group.pk is None
        with transaction.atomic():
            group = form.save()
            if created:
                group.coordinators.add(me)
        if created:
            messages.success(
                request,
                _("Group %(name)s created. Add its members below.") % {"name": group.name},
            )
        else:
            messages.success(request, _("Saved."))
        return redirect("alumni_group", group_id=group.pk)
    return render(request, "alumni/group_form.html", {"form": form, "group": group})


def _group_page(
    request: AuthenticatedHttpRequest, group: AlumniGroup, form: MembershipForm | None = None
) -> HttpResponse:
    memberships = list(
        group.memberships.filter(member__in=program_members(request))
        .select_related("member")
        .order_by("member__display_name", "pk")
    )
    members = program_members(request)
    candidates = members.filter(program=group.program).exclude(group_memberships__group=group)
    form = form or MembershipForm(candidates=candidates)
    chart = group_chart(members.filter(group_memberships__group=group), len(memberships))
    audit_shown(request, (m.member for m in memberships), "view_group")
    context = {
        "group": group,
        "memberships": memberships,
        "form": form,
        "chart": chart,
        "has_candidates": candidates.exists(),
        "events_count": group.events.count(),
    }
    status = 400 if form.is_bound else 200
    return render(request, "alumni/group.html", context, status=status)


@coordinator_view
def group_detail(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    return _group_page(request, my_group(request, group_id))


@require_POST
@coordinator_view
def group_add_member(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    group = my_group(request, group_id)
    candidates = program_members(request).filter(program=group.program)
    candidates = candidates.exclude(group_memberships__group=group)
    form = MembershipForm(request.POST, candidates=candidates)
    if not form.is_valid():
        return _group_page(request, group, form)
    membership = form.save(commit=False)
    membership.group = group
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        # Added from another tab a moment ago: the result is what was asked for.
        messages.info(
            request,
            _("%(name)s is already in this group.") % {"name": membership.member.display_name},
        )
        return redirect("alumni_group", group_id=group.pk)
    messages.success(
        request,
        _("%(name)s is now in %(group)s.")
        % {"name": membership.member.display_name, "group": group.name},
    )
    return redirect("alumni_group", group_id=group.pk)


@require_POST
@coordinator_view
def group_remove_member(
    request: AuthenticatedHttpRequest, group_id: int, membership_id: int
) -> HttpResponse:
    group = my_group(request, group_id)
    membership = get_object_or_404(
        GroupMembership.objects.select_related("member"), pk=membership_id, group=group
    )
    membership.delete()
    messages.success(
        request,
        _("%(name)s is no longer in %(group)s. Their past attendance stays on record.")
        % {"name": membership.member.display_name, "group": group.name},
    )
    return redirect("alumni_group", group_id=group.pk)


@require_POST
@coordinator_view
def group_delete(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    group = my_group(request, group_id)
    # Deleting would take its events' attendance with it: that history is kept.
    if group.events.exists():
        messages.error(
            request,
            _("%(name)s has events, and their attendance is kept. Remove its members instead.")
            % {"name": group.name},
        )
        return redirect("alumni_group", group_id=group.pk)
    group.delete()
    messages.success(request, _("Group %(name)s deleted.") % {"name": group.name})
    return redirect("alumni_overview")
