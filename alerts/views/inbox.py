"""The counselor's alert inbox"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import can_view, record_list_views, record_refusal, record_view
from accounts.decorators import role_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Role, Scope, User
from alerts.evaluation import WrongState, acknowledge, resolve
from alerts.forms import AlertUpdateForm
from alerts.inbox import STATUSES, InboxFilters, InboxRow, inbox, inbox_page, waiting_in_program
from alerts.models import Alert, AlertStatus
from core.paging import back_to
from core.stages import Stage
from messaging.transports import sms_enabled
from stepping_up.recommending import open_requests_for


def _members(rows: list[InboxRow], shown: Callable[[InboxRow], object]) -> list[User]:
    """Each member (once) whose rows show the part that `shown` picks."""
    return list({r.alert.member_id: r.alert.member for r in rows if shown(r)}.values())


@role_required(Role.COUNSELOR)
def alert_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    counselor = request.user
    filters = InboxFilters.from_query(request.GET)
    found = inbox_page(counselor, filters, request.GET.get("page"))
    rows: list[InboxRow] = list(found.rows)
    # Each scope shown is audited for exactly the members it was shown for on this page,
    # with the consent each relied on; the redisclosure notice names those consents.
    care_requests = open_requests_for(counselor)
    relied_on = record_list_views(
        request,
        [
            (Scope.ALERTS, _members(rows, lambda r: True), "view_alerts"),
            (Scope.CHECKINS, _members(rows, lambda r: r.trend), "view_alert_trend"),
            (Scope.PLAN, _members(rows, lambda r: r.steps), "view_alert_plan_steps"),
            # Requests for more support name a level of care, a part of the plan (stepping_up).
            (
                Scope.PLAN,
                list({r.member_id: r.member for r in care_requests}.values()),
                "view_care_requests",
            ),
        ],
    )
    context = {
        "rows": rows,
        "listing": found,
        "filters": filters,
        "stages": Stage.choices,
        "statuses": [(s, AlertStatus(s).label) for s in STATUSES],
        "waiting": waiting_in_program(counselor),
        "relied_on": relied_on,
        "care_requests": care_requests,
        # Urgent alerts could reach this counselor by text, but they gave no number.
        "offer_urgent_texts": settings.WAYPOINT_URGENT_TEXTS
        and sms_enabled()
        and not counselor.urgent_phone,
    }
    return render(request, "alerts/inbox.html", context)


def _inbox_alert(request: AuthenticatedHttpRequest, alert_id: int) -> Alert | None:
    """The unresolved alert, or None when this counselor may see it but it was resolved
    meanwhile (in another tab, by a colleague). Alerts the gate does not let this counselor
    see are "not found", and an attempt on a real member's alert is recorded as refused."""
    alert = inbox(request.user).filter(pk=alert_id).first()
    if alert is not None:
        return alert
    other = Alert.objects.filter(pk=alert_id).select_related("member").first()
    if other is not None and can_view(request.user, other.member, Scope.ALERTS):
        return None
    if other is not None:
        record_refusal(request, other.member, Scope.ALERTS, action="update_alert")
    raise Http404("No such alert")


@require_POST
@role_required(Role.COUNSELOR)
def alert_update(request: AuthenticatedHttpRequest, alert_id: int) -> HttpResponse:
    alert = _inbox_alert(request, alert_id)
    if alert is None:
        messages.info(request, _("This alert was already resolved. Nothing was changed."))
        return _back_to_inbox(request)
    form = AlertUpdateForm(request.POST)
    if not form.is_valid():
        for problem in form.problems():
            messages.error(request, problem)
        return _back_to_inbox(request)
    note = form.cleaned_data["note"]
    step = acknowledge if form.cleaned_data["action"] == "acknowledge" else resolve
    try:
        step(alert.pk, request.user, note)
    except WrongState:
        messages.info(request, _("Someone else updated this alert a moment ago."))
        return _back_to_inbox(request)
    record_view(request, alert.member, Scope.ALERTS, action=f"{step.__name__}_alert", obj=alert)
    done = _("Acknowledged.") if step is acknowledge else _("Resolved.")
    messages.success(request, done)
    return _back_to_inbox(request)


def _back_to_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Back to the inbox page the counselor acted from: its filters (names only) and page."""
    filters = InboxFilters.from_query(request.POST).as_query()
    return redirect(back_to(reverse("alert_inbox"), filters, request.POST.get("page")))
