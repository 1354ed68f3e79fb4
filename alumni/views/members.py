"""One member's engagement"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import require_access
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Scope, User, program_today
from alumni import drift as drift_rules
from alumni.engagement import pairing_state
from alumni.forms import (
    OutreachForm,
)
from alumni.models import Outreach, PeerPairing, Rsvp
from alumni.views.coordinator import coordinator, coordinator_view
from checkins.models import CheckIn


@coordinator_view
def member_engagement(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
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
        outreach.coordinator = coordinator(request)
        outreach.save()
        messages.success(request, _("Outreach to %(name)s logged.") % {"name": member.display_name})
        return redirect("alumni_member", member_id=member.pk)

    today = program_today()
    seen: Any = drift_rules.with_engagement(User.objects.filter(pk=member.pk)).get()
    last_seen = drift_rules.last_seen(seen)
    pairing = (
        PeerPairing.objects.filter(member=member)
        .select_related("peer")
        .order_by(F("ended_at").asc(nulls_first=True), "-proposed_at")  # an open one first
        .first()
    )
    context = {
        "member": member,
        "seen": seen,
        "days_since": (today - last_seen).days,
        "drifting": drift_rules.is_drifting(last_seen, today),
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
    return render(request, "alumni/member.html", context, status=status)
