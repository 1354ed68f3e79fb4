"""Events, RSVPs and attendance"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from alumni.forms import (
    AttendanceForm,
    EventForm,
    WalkInForm,
)
from alumni.models import Event, Rsvp
from alumni.network import groups_coordinated_by
from alumni.views.coordinator import (
    audit_shown,
    coordinator,
    coordinator_view,
    my_event,
    program_members,
    small_int,
)
from core.zones import program_zone_name


@coordinator_view
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    now = timezone.now()
    events = (
        Event.objects.filter(group__in=groups_coordinated_by(coordinator(request)))
        .select_related("group")
        .with_places()
        .annotate(came=Count("rsvps", filter=Q(rsvps__attended=True)))
    )
    context = {
        "upcoming": events.filter(ends_at__gt=now).order_by("starts_at"),
        "past": events.filter(ends_at__lte=now).order_by("-starts_at")[:50],
        "has_groups": groups_coordinated_by(coordinator(request)).exists(),
        "zone": program_zone_name(),
    }
    return render(request, "alumni/events.html", context)


@coordinator_view
def event_edit(request: AuthenticatedHttpRequest, event_id: int | None = None) -> HttpResponse:
    me = coordinator(request)
    event = my_event(request, event_id) if event_id else Event(created_by=me)
    groups = groups_coordinated_by(me).order_by("name")
    if not groups.exists():
        messages.info(request, _("Create a group first; each event belongs to one."))
        return redirect("alumni_group_new")
    initial: dict[str, Any] = {}
    if event.pk is None and small_int(request.GET.get("group", "")) is not None:
        initial["group"] = groups.filter(pk=request.GET["group"]).first()
    form = EventForm(request.POST or None, instance=event, groups=groups, initial=initial)
    if request.method == "POST":
        with transaction.atomic():
            if event.pk:
                # Lock the event so an RSVP cannot slip in between counting places and saving.
                Event.objects.select_for_update().filter(pk=event.pk).first()
            if form.is_valid():
                event = form.save()
                messages.success(request, _("Saved %(title)s.") % {"title": event.title})
                return redirect("alumni_event", event_id=event.pk)
    status = 400 if form.is_bound else 200
    return render(request, "alumni/event_form.html", {"form": form, "event": event}, status=status)


def _event_page(
    request: AuthenticatedHttpRequest,
    event: Event,
    attendance: AttendanceForm | None = None,
    walk_in: WalkInForm | None = None,
) -> HttpResponse:
    rsvps = list(
        event.rsvps.filter(member__in=program_members(request))
        .select_related("member")
        .order_by("member__display_name", "pk")
    )
    candidates = (
        program_members(request)
        .filter(group_memberships__group=event.group)
        .exclude(rsvps__event=event)
    )
    audit_shown(request, (r.member for r in rsvps), "view_attendance")
    context = {
        "event": event,
        "rsvps": rsvps,
        "attendance": attendance or AttendanceForm(rsvps=rsvps),
        "walk_in": walk_in or WalkInForm(candidates=candidates),
        "has_candidates": candidates.exists(),
        "started": event.starts_at <= timezone.now(),
        "came": sum(1 for r in rsvps if r.attended),
        "zone": program_zone_name(),
    }
    status = 400 if (attendance or walk_in) else 200
    return render(request, "alumni/event.html", context, status=status)


@coordinator_view
def event_detail(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    return _event_page(request, my_event(request, event_id))


def _not_started(request: HttpRequest, event: Event) -> HttpResponse | None:
    if event.starts_at > timezone.now():
        messages.error(request, _("Attendance can be recorded once the event has started."))
        return redirect("alumni_event", event_id=event.pk)
    return None


@require_POST
@coordinator_view
def event_attendance(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = my_event(request, event_id)
    if early := _not_started(request, event):
        return early
    rsvps = list(event.rsvps.filter(member__in=program_members(request)).select_related("member"))
    form = AttendanceForm(request.POST, rsvps=rsvps)
    if not form.is_valid():
        return _event_page(request, event, attendance=form)
    answers = form.answers()
    changed = [r for r in rsvps if r.attended != answers[r.pk]]
    with transaction.atomic():
        for value in (True, False, None):
            ids = [r.pk for r in changed if answers[r.pk] is value]
            if ids:
                Rsvp.objects.filter(event=event, pk__in=ids).update(attended=value)
    audit_shown(request, (r.member for r in changed), "record_attendance")
    came = sum(1 for value in answers.values() if value)
    messages.success(
        request,
        ngettext(
            "Attendance saved: %(count)d person came.",
            "Attendance saved: %(count)d people came.",
            came,
        )
        % {"count": came},
    )
    return redirect("alumni_event", event_id=event.pk)


@require_POST
@coordinator_view
def event_walk_in(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = my_event(request, event_id)
    if early := _not_started(request, event):
        return early
    candidates = program_members(request).filter(group_memberships__group=event.group)
    form = WalkInForm(request.POST, candidates=candidates)
    if not form.is_valid():
        return _event_page(request, event, walk_in=form)
    member = form.cleaned_data["member"]
    # They came, so capacity does not apply: the room held them.
    Rsvp.objects.update_or_create(event=event, member=member, defaults={"attended": True})
    audit_shown(request, [member], "record_attendance")
    messages.success(
        request, _("%(name)s is recorded as having come.") % {"name": member.display_name}
    )
    return redirect("alumni_event", event_id=event.pk)
