"""A member's community: events and peers"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role
from alumni.models import Event, PeerPairing
from alumni.network import EventFull, cancel_rsvp, rsvp, upcoming_events
from alumni.signals import pairing_changed


@role_required(Role.MEMBER)
def community(request: AuthenticatedHttpRequest) -> HttpResponse:
    member = request.user
    pairing = (
        PeerPairing.objects.open()
        .filter(Q(member=member) | Q(peer=member))
        .select_related("member", "peer")
        .order_by("-proposed_at")
    )
    context = {"events": upcoming_events(member), "pairings": pairing}
    return render(request, "alumni/community.html", context)


def _member_event(request: AuthenticatedHttpRequest, event_id: int) -> Event:
    return get_object_or_404(Event, pk=event_id, group__memberships__member=request.user)


@require_POST
@role_required(Role.MEMBER)
def event_rsvp(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = _member_event(request, event_id)
    if event.ends_at <= timezone.now():
        messages.info(request, _("That event has already happened."))
    else:
        try:
            rsvp(request.user, event)
            messages.success(
                request, _("You're on the list for %(title)s.") % {"title": event.title}
            )
        except EventFull:
            messages.info(
                request,
                _("Sorry, %(title)s is full. Other events are listed below.")
                % {"title": event.title},
            )
    return redirect("community")


@require_POST
@role_required(Role.MEMBER)
def event_cancel(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = _member_event(request, event_id)
    if cancel_rsvp(request.user, event):
        messages.success(request, _("Your place is given back. Thanks for letting us know."))
    else:
        messages.info(request, _("That event has already started."))
    return redirect("community")


@require_POST
@role_required(Role.MEMBER)
def peer_answer(request: AuthenticatedHttpRequest, pairing_id: int) -> HttpResponse:
    """The member or the peer says yes (or no) to a proposed pairing."""
    me = request.user
    pairing = get_object_or_404(
        PeerPairing.objects.open(), Q(member=me) | Q(peer=me), pk=pairing_id
    )
    answer = request.POST.get("answer")
    if answer not in ("yes", "no"):
        # Ending a pairing must be chosen: a post without a known answer changes nothing.
        messages.error(request, _("Please choose Yes or Not now. Nothing was changed."))
        return redirect("community")
    if answer == "yes":
        field = "member_agreed_at" if pairing.member_id == me.pk else "peer_agreed_at"
        PeerPairing.objects.filter(pk=pairing.pk, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
        messages.success(request, _("Thank you. You're connected once both of you say yes."))
    else:
        PeerPairing.objects.filter(pk=pairing.pk).update(ended_at=timezone.now())
        messages.info(request, _("No problem. Your coordinator will see that you said not now."))
    pairing_changed.send(sender=PeerPairing, member_id=pairing.member_id)
    return redirect("community")
