"""Peer-supporter pairings"""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from alumni.engagement import pairing_state
from alumni.forms import (
    PairingForm,
    open_pairing_message,
)
from alumni.models import PeerPairing
from alumni.signals import pairing_changed
from alumni.views.coordinator import audit_shown, coordinator, coordinator_view, program_members


@coordinator_view
def peers(request: AuthenticatedHttpRequest) -> HttpResponse:
    me = coordinator(request)
    members = program_members(request)
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
                PeerPairing.objects.open()
                .select_related("member", "peer")
                .filter(member=member)
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
    open_pairings = list(pairings.open().order_by("-proposed_at"))
    ended = list(pairings.ended().order_by("-ended_at")[:20])
    audit_shown(request, (p.member for p in [*open_pairings, *ended]), "view_peer_pairings")
    context = {
        "form": form,
        "volunteers": volunteers.annotate(
            supporting=Count("peer_of", filter=PeerPairing.open_q(via="peer_of__"))
        ).order_by("display_name", "pk"),
        "open_pairings": [(p, pairing_state(p)) for p in open_pairings],
        "ended": ended,
    }
    status = 400 if form.is_bound else 200
    return render(request, "alumni/peers.html", context, status=status)


@require_POST
@coordinator_view
def peer_end(request: AuthenticatedHttpRequest, pairing_id: int) -> HttpResponse:
    pairing = get_object_or_404(
        PeerPairing.objects.select_related("member", "peer"),
        pk=pairing_id,
        member__in=program_members(request),
    )
    ended = PeerPairing.objects.open().filter(pk=pairing.pk).update(ended_at=timezone.now())
    if ended:
        pairing_changed.send(sender=PeerPairing, member_id=pairing.member_id)
        messages.success(
            request,
            _("The pairing of %(member)s with %(peer)s has ended.")
            % {"member": pairing.member.display_name, "peer": pairing.peer.display_name},
        )
    return redirect("alumni_peers")
