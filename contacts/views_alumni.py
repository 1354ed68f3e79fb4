"""The alumni coordinator's pages: groups, events and attendance, peers, drift and outreach.

Coordinators see engagement only (in a group or not, came or not, checked in or
not), never what a check-in or a plan says. Every list of members goes through
accounts.access.visible_members and is audited; anything outside the coordinator's
own groups or program answers 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import record_list_view, require_access, visible_members
from accounts.decorators import View, role_required
from accounts.models import Role, Scope, User, program_today
from checkins.models import CheckIn

from . import drift as drift_rules
from .engagement import group_chart, pairing_state
from .forms_alumni import (
    AttendanceForm,
    EventForm,
    GroupForm,
    MembershipForm,
    OutreachForm,
    PairingForm,
    WalkInForm,
    open_pairing_message,
)
from .models import AlumniGroup, Event, GroupMembership, Outreach, PeerPairing, Rsvp
from .network import groups_coordinated_by


def coordinator_view(view: View) -> View:
    """Coordinators only (403 for others); times read and shown in the program's time zone."""

    @wraps(view)
    def in_program_time(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Events happen where the program is: a travelling coordinator still sees its clock.
        with timezone.override(timezone.get_default_timezone()):
            return view(request, *args, **kwargs)

    return role_required(Role.COORDINATOR)(in_program_time)


def _me(request: HttpRequest) -> User:
    user: Any = request.user
    return user


def _program_members(request: HttpRequest) -> QuerySet[User]:
    return visible_members(_me(request), Scope.ENGAGEMENT)


def _audit(request: HttpRequest, members: Iterable[User], action: str) -> None:
    """One audit event per member shown (each once), in one query."""
    unique = {m.pk: m for m in members}
    if unique:
        record_list_view(request, list(unique.values()), Scope.ENGAGEMENT, action=action)


def _my_group(request: HttpRequest, group_id: int) -> AlumniGroup:
    # Another coordinator's group answers 404, exactly like one that does not exist.
    return get_object_or_404(groups_coordinated_by(_me(request)), pk=group_id)


def _my_event(request: HttpRequest, event_id: int) -> Event:
    events = Event.objects.filter(group__in=groups_coordinated_by(_me(request)))
    return get_object_or_404(events.select_related("group"), pk=event_id)


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


# --- Overview --------------------------------------------------------------------------


@coordinator_view
def overview(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    visible = _program_members(request)
    groups = (
        groups_coordinated_by(me)
        .annotate(member_count=Count("memberships", filter=Q(memberships__member__in=visible)))
        .order_by("name")
    )
    due = list(
        Outreach.objects.filter(
            member__in=_program_members(request),
            follow_up_done=False,
            follow_up_on__lte=program_today(),
        )
        .select_related("member", "coordinator")
        .order_by("follow_up_on", "pk")
    )
    _audit(request, (o.member for o in due), "view_follow_ups")
    upcoming = (
        Event.objects.filter(group__in=groups_coordinated_by(me), ends_at__gt=timezone.now())
        .select_related("group")
        .annotate(taken=Count("rsvps"))
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
    return render(request, "contacts/alumni/overview.html", context)


@require_POST
@coordinator_view
def follow_up_done(request: HttpRequest, outreach_id: int) -> HttpResponse:
    outreach = get_object_or_404(
        Outreach.objects.select_related("member"),
        pk=outreach_id,
        member__in=_program_members(request),
    )
    Outreach.objects.filter(pk=outreach.pk).update(follow_up_done=True)
    messages.success(
        request,
        _("Follow-up with %(name)s marked done.") % {"name": outreach.member.display_name},
    )
    return _back(request, "alumni_overview")


# --- Groups ----------------------------------------------------------------------------


@coordinator_view
def group_edit(request: HttpRequest, group_id: int | None = None) -> HttpResponse:
    me = _me(request)
    if group_id is None and me.program is None:
        messages.error(
            request,
            _("Your account is not linked to a program yet. A program admin can link it."),
        )
        return redirect("alumni_overview")
    group = _my_group(request, group_id) if group_id else AlumniGroup(program=me.program)
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
    return render(request, "contacts/alumni/group_form.html", {"form": form, "group": group})


def _group_page(
    request: HttpRequest, group: AlumniGroup, form: MembershipForm | None = None
) -> HttpResponse:
    memberships = list(
        group.memberships.filter(member__in=_program_members(request))
        .select_related("member")
        .order_by("member__display_name", "pk")
    )
    members = _program_members(request)
    candidates = members.filter(program=group.program).exclude(group_memberships__group=group)
    form = form or MembershipForm(candidates=candidates)
    chart = group_chart(members.filter(group_memberships__group=group), len(memberships))
    _audit(request, (m.member for m in memberships), "view_group")
    context = {
        "group": group,
        "memberships": memberships,
        "form": form,
        "chart": chart,
        "has_candidates": candidates.exists(),
        "events_count": group.events.count(),
    }
    status = 400 if form.is_bound else 200
    return render(request, "contacts/alumni/group.html", context, status=status)


@coordinator_view
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    return _group_page(request, _my_group(request, group_id))


@require_POST
@coordinator_view
def group_add_member(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _my_group(request, group_id)
    candidates = _program_members(request).filter(program=group.program)
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
def group_remove_member(request: HttpRequest, group_id: int, membership_id: int) -> HttpResponse:
    group = _my_group(request, group_id)
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
def group_delete(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _my_group(request, group_id)
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


# --- Events ----------------------------------------------------------------------------


@coordinator_view
def event_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    events = (
        Event.objects.filter(group__in=groups_coordinated_by(_me(request)))
        .select_related("group")
        .annotate(taken=Count("rsvps"), came=Count("rsvps", filter=Q(rsvps__attended=True)))
    )
    context = {
        "upcoming": events.filter(ends_at__gt=now).order_by("starts_at"),
        "past": events.filter(ends_at__lte=now).order_by("-starts_at")[:50],
        "has_groups": groups_coordinated_by(_me(request)).exists(),
        "zone": timezone.get_default_timezone_name(),
    }
    return render(request, "contacts/alumni/events.html", context)


@coordinator_view
def event_edit(request: HttpRequest, event_id: int | None = None) -> HttpResponse:
    me = _me(request)
    event = _my_event(request, event_id) if event_id else Event(created_by=me)
    groups = groups_coordinated_by(me).order_by("name")
    if not groups.exists():
        messages.info(request, _("Create a group first; each event belongs to one."))
        return redirect("alumni_group_new")
    initial: dict[str, Any] = {}
    if event.pk is None and _small_int(request.GET.get("group", "")) is not None:
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
    return render(
        request, "contacts/alumni/event_form.html", {"form": form, "event": event}, status=status
    )


def _event_page(
    request: HttpRequest,
    event: Event,
    attendance: AttendanceForm | None = None,
    walk_in: WalkInForm | None = None,
) -> HttpResponse:
    rsvps = list(
        event.rsvps.filter(member__in=_program_members(request))
        .select_related("member")
        .order_by("member__display_name", "pk")
    )
    candidates = (
        _program_members(request)
        .filter(group_memberships__group=event.group)
        .exclude(rsvps__event=event)
    )
    _audit(request, (r.member for r in rsvps), "view_attendance")
    context = {
        "event": event,
        "rsvps": rsvps,
        "attendance": attendance or AttendanceForm(rsvps=rsvps),
        "walk_in": walk_in or WalkInForm(candidates=candidates),
        "has_candidates": candidates.exists(),
        "started": event.starts_at <= timezone.now(),
        "came": sum(1 for r in rsvps if r.attended),
        "zone": timezone.get_default_timezone_name(),
    }
    status = 400 if (attendance or walk_in) else 200
    return render(request, "contacts/alumni/event.html", context, status=status)


@coordinator_view
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    return _event_page(request, _my_event(request, event_id))


def _not_started(request: HttpRequest, event: Event) -> HttpResponse | None:
    if event.starts_at > timezone.now():
        messages.error(request, _("Attendance can be recorded once the event has started."))
        return redirect("alumni_event", event_id=event.pk)
    return None


@require_POST
@coordinator_view
def event_attendance(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _my_event(request, event_id)
    if early := _not_started(request, event):
        return early
    rsvps = list(event.rsvps.filter(member__in=_program_members(request)).select_related("member"))
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
    _audit(request, (r.member for r in changed), "record_attendance")
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
def event_walk_in(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _my_event(request, event_id)
    if early := _not_started(request, event):
        return early
    candidates = _program_members(request).filter(group_memberships__group=event.group)
    form = WalkInForm(request.POST, candidates=candidates)
    if not form.is_valid():
        return _event_page(request, event, walk_in=form)
    member = form.cleaned_data["member"]
    # They came, so capacity does not apply: the room held them.
    Rsvp.objects.update_or_create(event=event, member=member, defaults={"attended": True})
    _audit(request, [member], "record_attendance")
    messages.success(
        request, _("%(name)s is recorded as having come.") % {"name": member.display_name}
    )
    return redirect("alumni_event", event_id=event.pk)


# --- Peer supporters -------------------------------------------------------------------


@coordinator_view
def peers(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    members = _program_members(request)
    volunteers = members.filter(volunteers_as_peer=True)
    form = PairingForm(request.POST or None, members=members, peers=volunteers)
    if request.method == "POST" and form.is_valid():
        member, peer = form.cleaned_data["member"], form.cleaned_data["peer"]
        try:
            with transaction.atomic():
                PeerPairing.objects.create(member=member, peer=peer, proposed_by=me)
        except IntegrityError:
            # Someone proposed one for this member a moment ago (one open pairing each).
            current = (
                PeerPairing.objects.select_related("member", "peer")
                .filter(member=member, ended_at__isnull=True)
                .first()
            )
            form.add_error(
                "member",
                open_pairing_message(current) if current else _("Please try again."),
            )
        else:
            messages.success(
                request,
                _("Pairing proposed. It starts once %(member)s and %(peer)s both agree in the app.")
                % {"member": member.display_name, "peer": peer.display_name},
            )
            return redirect("alumni_peers")

    pairings = PeerPairing.objects.filter(member__in=members).select_related("member", "peer")
    open_pairings = list(pairings.filter(ended_at__isnull=True).order_by("-proposed_at"))
    ended = list(pairings.filter(ended_at__isnull=False).order_by("-ended_at")[:20])
    _audit(request, (p.member for p in [*open_pairings, *ended]), "view_peer_pairings")
    context = {
        "form": form,
        "volunteers": volunteers.annotate(
            supporting=Count("peer_of", filter=Q(peer_of__ended_at__isnull=True))
        ).order_by("display_name", "pk"),
        "open_pairings": [(p, pairing_state(p)) for p in open_pairings],
        "ended": ended,
    }
    status = 400 if form.is_bound else 200
    return render(request, "contacts/alumni/peers.html", context, status=status)


@require_POST
@coordinator_view
def peer_end(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = get_object_or_404(
        PeerPairing.objects.select_related("member", "peer"),
        pk=pairing_id,
        member__in=_program_members(request),
    )
    ended = PeerPairing.objects.filter(pk=pairing.pk, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    if ended:
        messages.success(
            request,
            _("The pairing of %(member)s with %(peer)s has ended.")
            % {"member": pairing.member.display_name, "peer": pairing.peer.display_name},
        )
    return redirect("alumni_peers")


# --- Drift and outreach ----------------------------------------------------------------


@coordinator_view
def drift(request: HttpRequest) -> HttpResponse:
    members = list(drift_rules.drifting(_me(request)))
    record_list_view(request, members, Scope.ENGAGEMENT, action="view_drift")
    context = {
        "rows": drift_rules.rows(members),
        "days": drift_rules.drift_days(),
        "preview": drift_rules.invite_text(drift_rules.program_name(_me(request)), _("(name)")),
    }
    return render(request, "contacts/alumni/drift.html", context)


def _small_int(value: str) -> int | None:
    """A posted id, or None: plain ASCII digits of a sane length only."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def _member_ids(values: list[str]) -> list[int]:
    return sorted({n for n in map(_small_int, values) if n is not None})


@require_POST
@coordinator_view
def drift_invite(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    ids = _member_ids(request.POST.getlist("members"))
    if not ids:
        messages.error(request, _("Choose at least one member first."))
        return redirect("alumni_drift")
    # Only members still drifting: someone reached meanwhile is not invited again.
    members = list(drift_rules.drifting(me).filter(pk__in=ids))
    record_list_view(request, members, Scope.ENGAGEMENT, action="invite_back")
    result = drift_rules.invite_back(me, members)
    parts = [
        ngettext("Sent to %(count)d member.", "Sent to %(count)d members.", result.sent)
        % {"count": result.sent}
    ]
    if result.not_opted_in:
        parts.append(
            ngettext(
                "%(count)d skipped: they have not chosen to get program messages.",
                "%(count)d skipped: they have not chosen to get program messages.",
                result.not_opted_in,
            )
            % {"count": result.not_opted_in}
        )
    if result.recently_invited:
        parts.append(
            ngettext(
                "%(count)d skipped: already invited in the last %(days)d days.",
                "%(count)d skipped: already invited in the last %(days)d days.",
                result.recently_invited,
            )
            % {"count": result.recently_invited, "days": drift_rules.INVITE_QUIET_DAYS}
        )
    if result.failed:
        parts.append(
            ngettext(
                "%(count)d could not be sent; please try again later.",
                "%(count)d could not be sent; please try again later.",
                result.failed,
            )
            % {"count": result.failed}
        )
    gone = len(ids) - len(members)
    if gone:
        parts.append(
            ngettext(
                "%(count)d is no longer on the list.",
                "%(count)d are no longer on the list.",
                gone,
            )
            % {"count": gone}
        )
    level = messages.SUCCESS if result.sent else messages.WARNING
    messages.add_message(request, level, " ".join(parts))
    return redirect("alumni_drift")


@coordinator_view
def member_engagement(request: HttpRequest, member_id: int) -> HttpResponse:
    logging = request.method == "POST"
    member = require_access(
        request,
        member_id,
        Scope.ENGAGEMENT,
        action="log_outreach" if logging else "view_engagement",
    )
    form = OutreachForm(request.POST if logging else None)
    if logging and form.is_valid():
        outreach = form.save(commit=False)
        outreach.member = member
        outreach.coordinator = _me(request)
        outreach.save()
        messages.success(request, _("Outreach to %(name)s logged.") % {"name": member.display_name})
        return redirect("alumni_member", member_id=member.pk)

    today = program_today()
    seen: Any = drift_rules.with_engagement(User.objects.filter(pk=member.pk)).get()
    days_since = (today - drift_rules.last_seen(seen)).days
    pairing = (
        PeerPairing.objects.filter(member=member)
        .select_related("peer")
        .order_by(F("ended_at").asc(nulls_first=True), "-proposed_at")  # an open one first
        .first()
    )
    context = {
        "member": member,
        "seen": seen,
        "days_since": days_since,
        "drifting": days_since > drift_rules.drift_days(),
        "drift_days": drift_rules.drift_days(),
        # That a check-in exists, counted; never a value from it.
        "checkin_days": CheckIn.objects.filter(
            member=member, local_date__gt=today - timedelta(days=28)
        ).count(),
        "attended": Rsvp.objects.filter(member=member, attended=True)
        .select_related("event", "event__group")
        .order_by("-event__starts_at")[:10],
        "memberships": member.group_memberships.select_related("group").order_by("group__name"),
        "pairing": pairing,
        "pairing_state": pairing_state(pairing) if pairing else None,
        "outreach": Outreach.objects.filter(member=member).select_related("coordinator")[:50],
        "form": form,
        "today": today,
    }
    status = 400 if form.is_bound else 200
    return render(request, "contacts/alumni/member.html", context, status=status)
